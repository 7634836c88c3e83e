package api

import (
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"napx/internal/model"
)

// TestClientsNeverSeeDriverText: a conflict without the service's own
// message answers a fixed sentence, and any other error (an untranslated
// constraint violation) is 500 with the request ID only; the driver's
// words stay in the log.
func TestClientsNeverSeeDriverText(t *testing.T) {
	const driver = `duplicate key value violates unique constraint "accounts_email" (SQLSTATE 23505)`
	h := &Handler{log: slog.New(slog.DiscardHandler)}
	for _, tt := range []struct {
		err    error
		status int
	}{
		{fmt.Errorf("store: %s: %w", driver, model.ErrConflict), 409},
		{fmt.Errorf("store: %s", driver), 500},
		{&model.ConflictError{Message: "the plan was changed by someone else"}, 409},
	} {
		rec := httptest.NewRecorder()
		h.writeError(rec, httptest.NewRequest("PATCH", "/api/v1/naps/1", nil), tt.err)
		if rec.Code != tt.status {
			t.Errorf("%v: status %d, want %d", tt.err, rec.Code, tt.status)
		}
		if body := rec.Body.String(); strings.Contains(body, "SQLSTATE") || strings.Contains(body, "accounts_email") {
			t.Errorf("%v: the body carries the driver's text: %s", tt.err, body)
		}
	}
	// Control: the service's own message is shown.
	rec := httptest.NewRecorder()
	h.writeError(rec, httptest.NewRequest("PATCH", "/", nil), &model.ConflictError{Message: "the plan was changed by someone else"})
	if !strings.Contains(rec.Body.String(), "the plan was changed by someone else") {
		t.Errorf("the service's message is lost: %s", rec.Body.String())
	}
}
