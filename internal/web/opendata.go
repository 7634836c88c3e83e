package web

import (
	"encoding/json"
	"errors"
	"html"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/time/rate"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// Open data (issue 20, item 3): GET /open-data/ (the index: the licence,
// the data dictionary, the files), GET /open-data/{kind}.csv|.json (the
// files the job engine keeps), GET /open-data/dictionary.json and
// GET /open-data/changes.json?since=YYYY-MM-DD (the public records changed
// since a day). Readers who are not signed in are limited per client
// address (ReaderLimit).

func (h *Handler) registerOpenData(rt *httpx.Router) {
	rt.Handle("GET", "/open-data/{$}", h.wrap(h.openDataIndex))
	rt.Handle("GET", "/open-data/{file}", h.wrap(h.openDataFile))
}

type openDataPage struct {
	Base
	Kinds       []service.OpenKind
	LicenceName string
	LicenceURL  string
	LicenceText string
	LicenceLink template.HTML // the licence's name linked to its text (an address outside napx)
}

func (h *Handler) openDataIndex(w http.ResponseWriter, r *http.Request) error {
	p := &openDataPage{Kinds: service.OpenKinds, LicenceName: service.LicenceName, LicenceURL: service.LicenceURL, LicenceText: service.LicenceText}
	p.LicenceLink = template.HTML(`<a href="` + html.EscapeString(service.LicenceURL) + `" lang="en" dir="ltr">` + html.EscapeString(service.LicenceName) + `</a>`) // #nosec G203 -- both parts escaped constants
	p.Title, p.Section = h.printer(r).T("opendata.title"), "figures"
	return h.render(w, r, http.StatusOK, "open_data", p)
}

// openDictionary is /open-data/dictionary.json.
type openDictionary struct {
	Licence     string             `json:"licence"`
	LicenceURL  string             `json:"licence_url"`
	LicenceText string             `json:"licence_text"`
	Kinds       []service.OpenKind `json:"kinds"`
	Changes     string             `json:"changes"`
}

type openChanges struct {
	Since   string               `json:"since"`
	Licence string               `json:"licence"`
	Items   []service.OpenChange `json:"items"`
}

func writeOpenJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	openHeaders(w, "application/json")
	w.WriteHeader(status)
	_, err = w.Write(b)
	return err
}

// openHeaders are the headers of every open-data file: any site's script
// may read public data.
func openHeaders(w http.ResponseWriter, contentType string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("X-Content-Type-Options", "nosniff")
}

func (h *Handler) openDataFile(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("file")
	switch name {
	case "dictionary.json":
		return writeOpenJSON(w, http.StatusOK, openDictionary{Licence: service.LicenceName, LicenceURL: service.LicenceURL, LicenceText: service.LicenceText,
			Kinds: service.OpenKinds, Changes: "/open-data/changes.json?since=YYYY-MM-DD"})
	case "changes.json":
		chs, since, err := h.svc.OpenData.Changes(r.Context(), r.URL.Query().Get("since"))
		var probs model.Problems
		if errors.As(err, &probs) {
			return writeOpenJSON(w, http.StatusUnprocessableEntity, struct {
				Error  string            `json:"error"`
				Fields map[string]string `json:"fields"`
			}{"the request has problems", probs})
		}
		if err != nil {
			return err
		}
		return writeOpenJSON(w, http.StatusOK, openChanges{Since: since.String(), Licence: service.LicenceName, Items: chs})
	}
	f, err := h.svc.OpenData.File(r.Context(), name)
	if errors.Is(err, model.ErrNotFound) {
		h.NotFoundMessage(w, r, "napx has no open-data file “"+model.CleanLine(name, 60)+"”. The files are listed on /open-data/.")
		return nil
	}
	if err != nil {
		return err
	}
	openHeaders(w, f.ContentType)
	w.Header().Set("ETag", `"`+f.SHA256+`"`)
	w.Header().Set("Last-Modified", f.GeneratedAt.Format(http.TimeFormat))
	if strings.HasSuffix(name, ".csv") {
		w.Header().Set("Content-Disposition", `attachment; filename="napx-`+name+`"`)
	}
	if match := r.Header.Get("If-None-Match"); match != "" && match == `"`+f.SHA256+`"` {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	_, err = w.Write(f.Content) // #nosec G705 -- CSV or JSON written by napx with its own content type and nosniff
	return err
}

// ReaderRate and ReaderBurst are what one client address that is not
// signed in may ask of the researchers' read API: a sustained rate per
// second and a burst.
const (
	ReaderRate  = 5
	ReaderBurst = 60
)

// ReaderLimit limits the requests of readers who are not signed in to
// the open data and the figures' API, per client address, with
// golang.org/x/time/rate: beyond the burst, 429 with Retry-After.
// Bounded: the limiters of the 10 000 addresses seen last are kept.
type ReaderLimit struct {
	rate     rate.Limit
	burst    int
	now      func() time.Time
	mu       sync.Mutex
	limiters *lru.Cache[string, *rate.Limiter]
}

// NewReaderLimit returns a limit of perSecond requests with burst.
func NewReaderLimit(perSecond float64, burst int) *ReaderLimit {
	c, _ := lru.New[string, *rate.Limiter](10000) // #nosec G104 -- only a size below 1 fails
	return &ReaderLimit{rate: rate.Limit(perSecond), burst: burst, now: time.Now, limiters: c}
}

// limited reports whether a request goes to the routes the limit guards.
func limited(r *http.Request) bool {
	p := r.URL.Path
	return strings.HasPrefix(p, "/open-data/") || p == "/api/v1/figures" || strings.HasPrefix(p, "/api/v1/figures/")
}

// Wrap applies the limit in front of next.
func (l *ReaderLimit) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !limited(r) || service.ViewerFrom(r.Context()).SignedIn() {
			next.ServeHTTP(w, r)
			return
		}
		ip := httpx.ClientIP(r)
		l.mu.Lock()
		lim, ok := l.limiters.Get(ip)
		if !ok {
			lim = rate.NewLimiter(l.rate, l.burst)
			l.limiters.Add(ip, lim)
		}
		l.mu.Unlock()
		now := l.now()
		res := lim.ReserveN(now, 1)
		if d := res.DelayFrom(now); d > 0 {
			res.CancelAt(now)
			wait := strconv.Itoa(int(math.Ceil(d.Seconds())))
			w.Header().Set("Retry-After", wait)
			msg := "too many requests from your address: try again in " + wait + " s (at most " + strconv.FormatFloat(float64(l.rate), 'f', -1, 64) +
				" a second, " + strconv.Itoa(l.burst) + " at once)"
			if strings.HasPrefix(r.URL.Path, "/api/") || strings.HasSuffix(r.URL.Path, ".json") {
				_ = writeOpenJSON(w, http.StatusTooManyRequests, struct {
					Error string `json:"error"`
				}{msg})
				return
			}
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(msg + "\n"))
			return
		}
		next.ServeHTTP(w, r)
	})
}
