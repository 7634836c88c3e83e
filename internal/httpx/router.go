package httpx

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
)

// DefaultBodyLimit is the largest request body a route accepts unless it
// declares its own (uploads do).
const DefaultBodyLimit int64 = 10 << 20

// Route is one registered method and path.
type Route struct {
	Method    string // GET, POST, PUT, PATCH, DELETE
	Path      string // ServeMux path pattern, e.g. /api/v1/states/{code}
	BodyLimit int64  // the largest body accepted, in bytes
	Doc       *Op    // the OpenAPI description (API routes only)
}

// Pattern is the ServeMux pattern of the route.
func (r Route) Pattern() string { return r.Method + " " + r.Path }

// Router is an http.ServeMux that remembers what was registered, so the
// body-limit middleware and the OpenAPI document can be derived from the
// one list, and a test can compare them.
type Router struct {
	mux    *http.ServeMux
	mu     sync.RWMutex
	routes map[string]Route // by pattern
}

// NewRouter returns an empty router.
func NewRouter() *Router {
	return &Router{mux: http.NewServeMux(), routes: map[string]Route{}}
}

// RouteOption changes a route as it is registered.
type RouteOption func(*Route)

// BodyLimit sets the route's body limit (uploads).
func BodyLimit(n int64) RouteOption { return func(r *Route) { r.BodyLimit = n } }

// Doc attaches an OpenAPI operation to the route.
func Doc(op Op) RouteOption { return func(r *Route) { r.Doc = &op } }

// Handle registers h for method and path. It panics on a malformed or
// duplicate pattern, as ServeMux does: routes are fixed at start-up.
func (rt *Router) Handle(method, path string, h http.Handler, opts ...RouteOption) {
	if method == "" || !strings.HasPrefix(path, "/") {
		panic(fmt.Sprintf("httpx: bad route %q %q", method, path))
	}
	r := Route{Method: method, Path: path, BodyLimit: DefaultBodyLimit}
	for _, o := range opts {
		o(&r)
	}
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if _, dup := rt.routes[r.Pattern()]; dup {
		panic("httpx: route registered twice: " + r.Pattern())
	}
	rt.routes[r.Pattern()] = r
	rt.mux.Handle(r.Pattern(), h)
}

// HandleFunc is Handle for a function.
func (rt *Router) HandleFunc(method, path string, h http.HandlerFunc, opts ...RouteOption) {
	rt.Handle(method, path, h, opts...)
}

// Fallback registers the handler for requests no route matches, under the
// given path prefix ("/" for pages, "/api/" for the API). It is not a
// Route: it appears neither in Routes nor in the OpenAPI document.
func (rt *Router) Fallback(prefix string, h http.Handler) {
	rt.mux.Handle(prefix, h)
}

// Routes returns every registered route, sorted by path then method.
func (rt *Router) Routes() []Route {
	rt.mu.RLock()
	defer rt.mu.RUnlock()
	out := make([]Route, 0, len(rt.routes))
	for _, r := range rt.routes {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}

// Match returns the route that would serve r, if any (the fallback is not
// a route).
func (rt *Router) Match(r *http.Request) (Route, bool) {
	_, pattern := rt.mux.Handler(r)
	rt.mu.RLock()
	defer rt.mu.RUnlock()
	route, ok := rt.routes[pattern]
	if !ok && r.Method == http.MethodHead {
		route, ok = rt.routes["GET "+strings.TrimPrefix(pattern, "HEAD ")]
	}
	return route, ok
}

// Allowed returns the methods that a route serves at r's path, for 405
// answers; empty when no route has that path.
func (rt *Router) Allowed(r *http.Request) []string {
	var out []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, ok := rt.Match(probe); ok {
			out = append(out, m)
		}
	}
	return out
}

// ServeHTTP dispatches to the registered handler.
func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rt.mux.ServeHTTP(w, r)
}
