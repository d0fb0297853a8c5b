package backprop

import (
	"fmt"
	"slices"

	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gonb-courses/neuralnets/arrays"
)

// list lists the parameters in the order the graphs take them.
func (p Params) list() []arrays.Array[float32] {
	return []arrays.Array[float32]{p.W1, p.B1, p.W2, p.B2}
}

// checkBatch reports, wrapping ErrShape, any inconsistency between the
// parameter shapes, the batch x [B, in] and the labels y [B, out].
func checkBatch(p Params, x, y arrays.Array[float32]) error {
	for _, a := range append(p.list(), x, y) {
		if slices.ContainsFunc(a.Shape, func(d int) bool { return d < 1 }) || len(a.Data) != arrays.Size(a.Shape) {
			return fmt.Errorf("%w: shape %v with %d values (axes must be >= 1 and match the values)",
				ErrShape, a.Shape, len(a.Data))
		}
	}
	if len(p.W1.Shape) != 2 || len(p.W2.Shape) != 2 || len(p.B1.Shape) != 1 || len(p.B2.Shape) != 1 {
		return fmt.Errorf("%w: want W1, W2 matrices and B1, B2 vectors, got %v %v %v %v",
			ErrShape, p.W1.Shape, p.B1.Shape, p.W2.Shape, p.B2.Shape)
	}
	in, hidden, out := p.W1.Shape[0], p.W1.Shape[1], p.W2.Shape[1]
	if p.B1.Shape[0] != hidden || p.W2.Shape[0] != hidden || p.B2.Shape[0] != out {
		return fmt.Errorf("%w: W1 %v, B1 %v, W2 %v, B2 %v do not chain",
			ErrShape, p.W1.Shape, p.B1.Shape, p.W2.Shape, p.B2.Shape)
	}
	if len(x.Shape) != 2 || x.Shape[1] != in || len(y.Shape) != 2 || y.Shape[0] != x.Shape[0] || y.Shape[1] != out {
		return fmt.Errorf("%w: x %v and y %v, want [B, %d] and [B, %d]", ErrShape, x.Shape, y.Shape, in, out)
	}
	return nil
}

// toTensor copies an Array into a new tensor of the same shape.
func toTensor[T float32 | float64](a arrays.Array[T]) *tensors.Tensor {
	return tensors.FromFlatDataAndDimensions(a.Data, a.Shape...)
}

// gatherRows copies the given rows of a 2-D array into a new [len(rows), cols] tensor.
func gatherRows(a arrays.Array[float32], rows []int) *tensors.Tensor {
	data := make([]float32, 0, len(rows)*a.RowSize())
	for _, r := range rows {
		data = append(data, a.Row(r)...)
	}
	return tensors.FromFlatDataAndDimensions(data, len(rows), a.RowSize())
}

// fromTensors copies float32 tensors into Arrays and frees the tensors.
func fromTensors(ts []*tensors.Tensor) ([]arrays.Array[float32], error) {
	out := make([]arrays.Array[float32], len(ts))
	for i, t := range ts {
		data, err := tensors.CopyFlatData[float32](t)
		if err != nil {
			return nil, fmt.Errorf("%w: reading result %d: %w", ErrCompute, i, err)
		}
		out[i] = arrays.Array[float32]{Shape: t.Shape().Dimensions, Data: data}
		_ = t.FinalizeAll() // the copy is made; this only frees memory early
	}
	return out, nil
}
