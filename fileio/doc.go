// Package fileio writes files atomically (WriteAtomic: a temporary file, then
// a rename), so that no reader ever sees half a data file, model, history or
// picture, even when the writer is killed; it uses only the standard library.
package fileio
