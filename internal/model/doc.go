// Package model holds napx's domain types, the input types with their
// validation, and the sentinel errors every layer shares.
//
// It imports no other napx package: everything else may import it.
package model
