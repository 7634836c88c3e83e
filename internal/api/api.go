package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"strings"

	"napx/internal/httpx"
	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/service"
)

// Prefix is where the API lives.
const Prefix = "/api/v1"

// Handler serves the API.
type Handler struct {
	svc     *service.Services
	log     *slog.Logger
	version string
	rt      *httpx.Router
}

// New returns the API handler.
func New(svc *service.Services, log *slog.Logger, version string) *Handler {
	return &Handler{svc: svc, log: log, version: version}
}

// Register adds the API routes to rt.
func (h *Handler) Register(rt *httpx.Router) {
	h.rt = rt
	h.registerDirectory(rt)
	h.registerAccounts(rt)
	h.registerNAPs(rt)
	h.registerMatrix(rt)
	h.registerEvents(rt)
	h.registerPractices(rt)
	h.registerHistory(rt)
	h.registerEventAgenda(rt)
	h.registerAccountAdmin(rt)
	h.registerImports(rt)
	h.registerExport(rt)
	h.registerAssistance(rt)
	h.registerNotifications(rt)
	h.registerFigures(rt)
	h.registerRegional(rt)
	h.registerRegionalProfile(rt)
	h.registerLanguages(rt)
	h.registerTranslations(rt)
	h.registerTasks(rt)
	h.registerMatrixReview(rt)
	h.registerEventLogistics(rt)
	rt.Handle("GET", Prefix+"/openapi.json", h.wrap(h.openAPI), httpx.Doc(httpx.Op{
		ID: "openapi", Summary: "This OpenAPI 3.1 document", Tag: "meta", Public: true,
		Responses: map[int]httpx.Answer{200: {Description: "the document", Schema: httpx.Schema{"type": "object"}}},
	}))
	rt.Fallback("/api/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if allowed := rt.Allowed(r); len(allowed) > 0 {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			writeJSON(w, http.StatusMethodNotAllowed, errorBody{Error: "method " + r.Method + " is not allowed here; use " + strings.Join(allowed, ", ")})
			return
		}
		writeJSON(w, http.StatusNotFound, errorBody{Error: "no such API address: " + r.URL.Path})
	}))
}

// errorBody is every error the API returns.
type errorBody struct {
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields,omitempty"`
	// Current is the record as it is now, on a 409 caused by a stale
	// version, so the client can show both.
	Current any `json:"current,omitempty"`
}

// list wraps every collection: {"items": [...]}.
type list[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}

func newList[T any](items []T) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items}
}

type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// wrap adapts an error-returning handler: errors become JSON errors with
// the one status mapping.
func (h *Handler) wrap(fn handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h.svc.Accounts.MustEnrol(service.ViewerFrom(r.Context())) && r.URL.Path != Prefix+"/me" {
			writeJSON(w, http.StatusForbidden, errorBody{Error: "your role requires a second factor: set it up on your account page first"})
			return
		}
		if err := fn(w, r); err != nil {
			h.writeError(w, r, err)
		}
	})
}

// writeError maps err to a status and a JSON body. Internal errors are
// logged with the request ID and never shown.
func (h *Handler) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var (
		mbe      *http.MaxBytesError
		media    *unsupportedMedia
		conflict *model.ConflictError
	)
	pr := printer(r)
	switch {
	case errors.As(err, &mbe):
		writeJSON(w, http.StatusRequestEntityTooLarge, errorBody{Error: pr.T("api.toolarge", httpx.HumanBytes(mbe.Limit))})
	case errors.As(err, &media):
		writeJSON(w, http.StatusUnsupportedMediaType, errorBody{Error: media.msg})
	case errors.As(err, new(model.Problems)):
		p, _ := model.AsProblems(err)
		writeJSON(w, http.StatusUnprocessableEntity, errorBody{Error: pr.T("api.invalid"), Fields: capProblems(pr.Problems(p))})
	case errors.As(err, new(*service.MapNotFoundError)):
		nf, _ := service.AsMapNotFound(err)
		writeJSON(w, http.StatusNotFound, errorBody{Error: "napx knows no " + nf.What + " “" + nf.Value + "”"})
	case errors.Is(err, model.ErrNotFound):
		writeJSON(w, http.StatusNotFound, errorBody{Error: pr.T("api.notfound")})
	case errors.Is(err, model.ErrForbidden):
		writeJSON(w, http.StatusForbidden, errorBody{Error: pr.T("api.forbidden")})
	case errors.As(err, &conflict):
		writeJSON(w, http.StatusConflict, errorBody{Error: conflict.Message, Current: h.wireCurrent(conflict.Current)})
	case errors.Is(err, model.ErrConflict):
		// A conflict without the service's own message: a fixed sentence,
		// never err.Error() (it may carry a driver's text).
		writeJSON(w, http.StatusConflict, errorBody{Error: pr.T("api.conflict")})
	case errors.Is(err, model.ErrUnauthenticated):
		w.Header().Set("WWW-Authenticate", `Bearer realm="napx"`)
		writeJSON(w, http.StatusUnauthorized, errorBody{Error: pr.T("api.unauthenticated")})
	default:
		id := httpx.RequestID(r.Context())
		h.log.Error("api failed", "request_id", id, "method", r.Method, "path", r.URL.Path, "err", err)
		writeJSON(w, http.StatusInternalServerError, errorBody{Error: pr.T("api.internal", id)})
	}
}

// Refuse answers a request refused before it reached a route (a bad
// token, a cross-site request, a missing form token).
func Refuse(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, errorBody{Error: msg})
}

// Invalid answers input refused at the boundary (httpx.CheckInput): 422
// with the fields named.
func Invalid(w http.ResponseWriter, r *http.Request, p model.Problems) {
	pr := printer(r)
	writeJSON(w, http.StatusUnprocessableEntity, errorBody{Error: pr.T("api.invalid"), Fields: pr.Problems(p)})
}

// printer writes the API's own messages in the request's language (issue
// 17; Accept-Language, ?lang= or the account's setting), and the services'
// 422 messages of the fields (Printer.Problems: their English format is
// the key of the catalogue part "problems").
func printer(r *http.Request) *i18n.Printer {
	return i18n.MustDefault().Printer(i18n.FromContext(r.Context()))
}

// TooLarge answers a body over the route's limit.
func TooLarge(w http.ResponseWriter, r *http.Request, limit int64) {
	writeJSON(w, http.StatusRequestEntityTooLarge, errorBody{Error: printer(r).T("api.toolarge.route", httpx.HumanBytes(limit))})
}

// writeJSON encodes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// decode reads a JSON body into dst (the one rule of requestBody: media
// type, then JSON), for writes that address no existing record.
func decode(r *http.Request, dst any) error {
	b, err := readBody(r, false)
	if err != nil {
		return err
	}
	return b.decodeInto(dst)
}

// jsonProblem turns a JSON decoding error into a problem naming the field.
func jsonProblem(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return model.Problems{"body": "the body is not complete JSON"}
	case errors.As(err, &syn):
		return model.Problems{"body": fmt.Sprintf("the body is not valid JSON (at byte %d)", syn.Offset)}
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return model.Problems{field: fmt.Sprintf("must be %s, not %s", typeName(typ.Type.Kind().String()), typ.Value)}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return model.Problems{name: "is not a field of this record"}
	}
	return model.Problems{"body": "the body could not be read as JSON"}
}

func typeName(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "int", "int64", "int32", "uint", "uint64", "float64":
		return "a number"
	case "bool":
		return "true or false"
	case "slice":
		return "an array"
	case "struct", "map":
		return "an object"
	}
	return kind
}

// Error details are capped (issue 15.7): at most MaxProblemFields fields,
// each message at most MaxProblemText characters, so a request with
// 100 000 bad values gets an answer of a few kilobytes.
const (
	MaxProblemFields = 50
	MaxProblemText   = 300
)

func capProblems(p model.Problems) model.Problems {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := model.Problems{}
	for i, k := range keys {
		if i == MaxProblemFields {
			out["_more"] = fmt.Sprintf("and %d more fields with problems", len(keys)-MaxProblemFields)
			break
		}
		out[model.Truncate(k, 80)] = model.Truncate(p[k], MaxProblemText)
	}
	return out
}
