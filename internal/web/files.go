package web

import (
	"mime"
	"net/http"
)

// Content types of the files napx sends.
const (
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	csvType  = "text/csv; charset=utf-8"
)

// sendFile sends a file made for the viewer as a download: an attachment
// with its name (RFC 2231-encoded when needed), an explicit content type
// the browser may not second-guess, and never cached (it holds what this
// viewer may read).
func sendFile(w http.ResponseWriter, contentType, name string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(body) // #nosec G705 -- an attachment with an explicit type and nosniff; materials never keep an HTML type (model.safeContentType)
}
