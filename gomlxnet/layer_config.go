package gomlxnet

import "fmt"

// layerConfig is a layer as a model file records it: keras' class name, the
// layer's name in the model and the arguments that rebuild it, named as
// keras names them. Fields a layer does not use are left out of the JSON.
// Each layerKind writes its own (config); its file registers how to read
// them back (registerLayerClass).
type layerConfig struct {
	Class       string       `json:"class_name"`
	Name        string       `json:"name"`
	Shape       []int        `json:"shape,omitempty"`        // InputLayer: features
	TargetShape []int        `json:"target_shape,omitempty"` // Reshape
	Units       int          `json:"units,omitempty"`        // Dense
	Filters     int          `json:"filters,omitempty"`      // Conv2D
	KernelSize  int          `json:"kernel_size,omitempty"`  // Conv2D
	PoolSize    int          `json:"pool_size,omitempty"`    // MaxPooling2D
	Rate        float64      `json:"rate,omitempty"`         // Dropout
	Activation  Activation   `json:"activation,omitempty"`   // Dense, Conv2D
	Initializer *Initializer `json:"kernel_initializer,omitempty"`
	L2          float64      `json:"kernel_l2,omitempty"`
}

// config returns the configuration that rebuilds l.
func (l modelLayer) config() layerConfig {
	c := layerConfig{Class: l.kind.class(), Name: l.name}
	l.kind.config(&c)
	return c
}

// layer returns the Layer c describes.
func (c layerConfig) layer() (Layer, error) {
	class, ok := layerClasses[c.Class]
	if !ok {
		return nil, fmt.Errorf("%w: unknown layer class %q", ErrModel, c.Class)
	}
	return class.load(c), nil
}

// modelFromConfigs rebuilds a model from its layers' configurations, input
// layer first, and checks that the layers get the names they were saved with.
func modelFromConfigs(configs []layerConfig) (*Model, error) {
	if len(configs) < 2 || configs[0].Class != "InputLayer" || len(configs[0].Shape) != 1 {
		return nil, fmt.Errorf("%w: want an InputLayer of one dimension, then at least one layer", ErrModel)
	}
	input := Input(configs[0].Shape[0])
	out := input
	for _, c := range configs[1:] {
		l, err := c.layer()
		if err != nil {
			return nil, err
		}
		out = l(out)
	}
	m, err := NewModel(input, out)
	if err != nil {
		return nil, err
	}
	for i, l := range m.layers {
		if l.name != configs[i].Name {
			return nil, fmt.Errorf("%w: layer %d is named %q, the model names it %q", ErrModel, i, configs[i].Name, l.name)
		}
	}
	return m, nil
}
