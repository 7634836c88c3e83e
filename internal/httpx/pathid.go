package httpx

import (
	"net/http"
	"strconv"

	"napx/internal/model"
)

// PathID reads the record ID in the path value name: a positive decimal
// number. Anything else names no record, so it is model.ErrNotFound — the
// same answer as an ID that never existed. Pages and the API use it alike.
func PathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, model.ErrNotFound
	}
	return id, nil
}
