package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"time"
)

// fragment returns the HTML of the template name of page executed on the
// data data() gives, kept under the data version for every reader with
// the same key (issue 13): the long tables of a page that are the same
// for all readers who may read the same records (service.ReaderKey) are
// executed once per change, not once per request. A fragment must hold
// nothing of one reader alone (no name, no form token, no per-account
// flag beyond what key names).
func (h *Handler) fragment(r *http.Request, page, name, key string, data func() (any, error)) (template.HTML, error) {
	ctx := r.Context()
	day := h.svc.Now().UTC().Format(time.DateOnly)
	k := page + "\x00" + name + "\x00" + key
	if f, ok := h.fragments.Get(ctx, day, k); ok {
		return f, nil
	}
	t, ok := h.pages.byName[page]
	if !ok {
		return "", fmt.Errorf("web: no page %q", page)
	}
	d, err := data()
	if err != nil {
		return "", err
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			buf.Reset()
			renderBuffers.Put(buf)
		}
	}()
	if err := t.ExecuteTemplate(buf, name, d); err != nil {
		return "", fmt.Errorf("web: render %s of %s: %w", name, page, err)
	}
	f := template.HTML(buf.String()) // #nosec G203 -- executed by html/template just now
	h.fragments.Put(ctx, day, k, f)
	return f, nil
}
