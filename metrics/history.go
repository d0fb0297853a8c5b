package metrics

// History records the metrics of a Fit, one entry per epoch, like the object
// keras' fit() returns. Val* slices are empty when no validation data was given.
type History struct {
	Epochs      []int     `json:"epochs"`
	Loss        []float64 `json:"loss"`
	Accuracy    []float64 `json:"accuracy"`
	ValLoss     []float64 `json:"val_loss,omitempty"`
	ValAccuracy []float64 `json:"val_accuracy,omitempty"`
	// SecondsPerEpoch is the wall time of each epoch's training steps.
	SecondsPerEpoch []float64 `json:"seconds_per_epoch"`
}
