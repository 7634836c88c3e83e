package web

import (
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"

	"napx/internal/httpx"
	"napx/internal/service"
)

//go:embed templates static
var assets embed.FS

// Options configure the pages.
type Options struct {
	Demo    bool   // show the "illustrative demo data" banner on every page
	Version string // shown in the footer
	BaseURL string // public address, for absolute links (feeds)
	// SecureCookies marks cookies Secure (the site is served over https).
	SecureCookies bool
}

// Handler serves the pages.
type Handler struct {
	svc   *service.Services
	log   *slog.Logger
	opts  Options
	pages *pageSet
	// fragments are parts of pages kept under the data version (fragments.go).
	fragments service.Kept[string, template.HTML]
}

// New parses every template (failing on any error) and returns the
// handler.
func New(svc *service.Services, log *slog.Logger, opts Options) (*Handler, error) {
	pages, err := loadPages()
	if err != nil {
		return nil, err
	}
	return &Handler{svc: svc, log: log, opts: opts, pages: pages}, nil
}

// Register adds the page routes to rt.
func (h *Handler) Register(rt *httpx.Router) {
	static, _ := fs.Sub(assets, "static")
	rt.Handle("GET", "/static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))
	rt.Handle("GET", "/{$}", h.wrap(h.home))
	rt.Handle("GET", "/about", h.wrap(h.about))
	rt.Handle("GET", "/states", h.wrap(h.listStates))
	rt.Handle("GET", "/states/{code}", h.wrap(h.showState))
	rt.Handle("GET", "/groups", h.wrap(h.listGroups))
	rt.Handle("GET", "/groups/{code}", h.wrap(h.showGroup))
	rt.Handle("GET", "/organizations", h.wrap(h.listOrganizations))
	rt.Handle("GET", "/organizations/{code}", h.wrap(h.showOrganization))
	h.registerAuth(rt)
	h.registerContacts(rt)
	h.registerNAPs(rt)
	h.registerMatrix(rt)
	h.registerEvents(rt)
	h.registerMaps(rt)
	h.registerPractices(rt)
	h.registerHistory(rt)
	h.registerAssistance(rt)
	h.registerNotifications(rt)
	h.registerOIDC(rt)
	h.registerFigures(rt)
	h.registerOpenData(rt)
	h.registerTasks(rt)
	h.registerConfirmedActs(rt)
	h.registerMatrixReview(rt)
	h.registerTranslations(rt)
	rt.Fallback("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.NotFound(w, r, rt)
	}))
}

// cacheStatic lets browsers keep the stylesheet and scripts for a day.
func cacheStatic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		next.ServeHTTP(w, r)
	})
}
