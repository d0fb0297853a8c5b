package mnist

import (
	"fmt"

	"github.com/gonb-courses/neuralnets/arrays"
)

// Prepare does lesson 3's three steps in one call, for notebooks that
// have already seen them: it flattens the images of split row-major to
// [n, 784] (arrays.Reshape), divides the grey levels by scale (arrays.ToFloat32: 1
// keeps 0..255, 255 gives [0, 1]) and one-hot encodes the labels into
// [n, 10] (ToCategorical). rows > 0 keeps only the first rows examples.
// Images and labels must be as many: else the error wraps arrays.ErrShape.
func Prepare(split Split, rows int, scale float32) (x, y arrays.Array[float32], err error) {
	images, labels := split.X, split.Y
	if images.Rows() != labels.Rows() {
		return x, y, fmt.Errorf("%w: Prepare: %d images but %d labels, want one label per image",
			arrays.ErrShape, images.Rows(), labels.Rows())
	}
	if rows > 0 {
		images, labels = arrays.Head(images, rows), arrays.Head(labels, rows)
	}
	flat, err := arrays.Reshape(images, images.Rows(), -1)
	if err != nil {
		return x, y, err
	}
	if x, err = arrays.ToFloat32(flat, scale); err != nil {
		return x, y, err
	}
	if y, err = arrays.ToCategorical(labels, 10); err != nil {
		return x, y, err
	}
	return x, y, nil
}
