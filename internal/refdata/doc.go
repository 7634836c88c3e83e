// Package refdata is napx's reference data, shipped inside the binary: the
// UN member and observer States with their names over time, the groups they
// belong to, and the organisations that take part in 1540 work. The data
// files and their sources are in data/ (see data/SOURCES.md).
//
// It imports only model. The catalogue is read-only after Load, so it is
// safe for concurrent use.
package refdata
