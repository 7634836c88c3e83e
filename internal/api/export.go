package api

import (
	"mime"
	"net/http"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// GET /api/v1/export (issue 16, item 4): what the signed-in account may
// read, as the export format, streamed as it is read (napx export --as,
// over HTTP).
func (h *Handler) registerExport(rt *httpx.Router) {
	rt.Handle("GET", Prefix+"/export", h.wrap(h.export), httpx.Doc(httpx.Op{
		ID: "export", Tag: "history", Summary: "Everything you may read, as one JSON document (the format of napx export --as), streamed",
		Description: "Versioned (`format`, `version`), table by table with the columns named, attachments inline with their SHA-256, and an " +
			"`end` record holding the counts and a checksum of the rows: a file cut short is recognised. napx import loads it.",
		Responses: map[int]httpx.Answer{200: {Description: "the export", Schema: httpx.Schema{"type": "object"}}},
	}))
}

func (h *Handler) export(w http.ResponseWriter, r *http.Request) error {
	v := service.ViewerFrom(r.Context())
	if !v.SignedIn() {
		return model.ErrUnauthenticated
	}
	sw := &startedWriter{w: w, start: func() {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "napx-export-" + h.svc.Now().UTC().Format("20060102") + ".json"}))
	}}
	if _, err := h.svc.Export.Write(r.Context(), v, sw, nil); err != nil {
		if !sw.started {
			return err
		}
		// The answer is under way: the client gets a file without its end
		// record, which an import refuses as truncated.
		h.log.Error("export failed", "request_id", httpx.RequestID(r.Context()), "err", err)
	}
	return nil
}

// startedWriter sets the answer's headers on the first write, so that an
// export that fails before writing anything answers an ordinary error.
type startedWriter struct {
	w       http.ResponseWriter
	start   func()
	started bool
}

func (s *startedWriter) Write(p []byte) (int, error) {
	if !s.started {
		s.started = true
		s.start()
	}
	return s.w.Write(p)
}
