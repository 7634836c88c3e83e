package httpx

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"napx/internal/model"
)

// Invalid writes the answer to input refused at the boundary: 422 with
// the fields named (the web and API layers give their own, HTML or JSON).
type Invalid func(w http.ResponseWriter, r *http.Request, p model.Problems)

// multipartMemory is how much of a multipart form is kept in memory; the
// rest of its files go to temporary files (the body itself is capped at
// the route's limit by LimitBodies).
const multipartMemory = 8 << 20

// notUTF8 is the problem of a field whose bytes are not UTF-8 text.
const notUTF8 = "is not valid text (it holds bytes that are not UTF-8); check the characters and send it again"

// CheckInput reads what a request carries besides a JSON body once, at
// the boundary, before anyone is authenticated or any handler runs:
//
//   - the path, the query string and the fields of a form (URL-encoded or
//     multipart: names, values and file names) must be UTF-8 text, else
//     422 naming the field (PostgreSQL refuses other bytes; SQLite would
//     store them); so must a JSON body (JSON is UTF-8 by definition, and
//     Go's decoder would otherwise turn bad bytes silently into U+FFFD);
//   - a form body over the route's limit is 413 whether or not the client
//     declared its length (without this, the form token could not be read
//     from a cut form and the request looked like a forged one).
//
// Handlers then find the form parsed (r.Form, r.PostForm, r.MultipartForm).
func CheckInput(tooLarge TooLarge, invalid Invalid, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !utf8.ValidString(r.URL.Path) {
			invalid(w, r, model.Problems{"path": "the address " + notUTF8})
			return
		}
		if p := queryProblems(r.URL.RawQuery); p != nil {
			invalid(w, r, p)
			return
		}
		if hasBody(r) {
			mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
			var err error
			json := false
			switch {
			case mt == "application/x-www-form-urlencoded":
				err = r.ParseForm()
			case mt == "multipart/form-data":
				err = r.ParseMultipartForm(multipartMemory) // #nosec G120 -- the body is capped at the route's limit by LimitBodies (MaxBytesReader), which runs first
			case mt == "" || mt == "application/json" || strings.HasSuffix(mt, "+json"):
				json = true
				var buf bytes.Buffer
				if r.ContentLength > 0 && r.ContentLength <= 1<<20 {
					buf.Grow(int(r.ContentLength) + bytes.MinRead)
				}
				if _, err = buf.ReadFrom(r.Body); err == nil {
					_ = r.Body.Close()
					b := buf.Bytes()
					r.Body = io.NopCloser(bytes.NewReader(b))
					if !utf8.Valid(b) {
						invalid(w, r, model.Problems{"body": "is not valid JSON text (it holds bytes that are not UTF-8)"})
						return
					}
				}
			default:
				next.ServeHTTP(w, r)
				return
			}
			var mbe *http.MaxBytesError
			switch {
			case errors.As(err, &mbe):
				w.Header().Set("Connection", "close")
				tooLarge(w, r, mbe.Limit)
				return
			case err != nil && json:
				invalid(w, r, model.Problems{"body": "the body could not be read"})
				return
			case err != nil:
				invalid(w, r, model.Problems{"form": "the form could not be read; send it again from the page"})
				return
			}
			if p := formProblems(r); !json && p != nil {
				invalid(w, r, p)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func hasBody(r *http.Request) bool {
	return r.Body != nil && r.Body != http.NoBody && !SafeMethod(r.Method)
}

// queryProblems checks the query string's names and values.
func queryProblems(raw string) model.Problems {
	if raw == "" {
		return nil
	}
	if !utf8.ValidString(raw) {
		return model.Problems{"query": "the address " + notUTF8}
	}
	q, _ := url.ParseQuery(raw) // pairs that do not parse are dropped, as r.URL.Query() does
	return valuesProblems(q, "query")
}

// formProblems checks every field of a parsed form.
func formProblems(r *http.Request) model.Problems {
	if p := valuesProblems(r.PostForm, "form"); p != nil {
		return p
	}
	if r.MultipartForm == nil {
		return nil
	}
	if p := valuesProblems(r.MultipartForm.Value, "form"); p != nil {
		return p
	}
	for _, name := range sortedKeys(r.MultipartForm.File) {
		if !utf8.ValidString(name) {
			return model.Problems{"form": "a field name " + notUTF8}
		}
		for _, fh := range r.MultipartForm.File[name] {
			if !utf8.ValidString(fh.Filename) {
				if len(name) > 100 {
					name = "form"
				}
				return model.Problems{name: "the file name " + notUTF8}
			}
		}
	}
	return nil
}

// valuesProblems names the first field (in sorted order, so the answer is
// stable) whose name or value is not UTF-8.
func valuesProblems(vs map[string][]string, whole string) model.Problems {
	for _, k := range sortedKeys(vs) {
		if !utf8.ValidString(k) {
			return model.Problems{whole: "a field name " + notUTF8}
		}
		name := k
		if len(name) > 100 {
			name = whole // not echoed back at length
		}
		for _, v := range vs[k] {
			if !utf8.ValidString(v) {
				return model.Problems{name: notUTF8}
			}
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
