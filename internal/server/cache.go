package server

import (
	"bytes"
	"hash/fnv"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/prometheus/client_golang/prometheus"

	"napx/internal/httpx"
	"napx/internal/i18n"
	"napx/internal/service"
)

// publicCache keeps what anonymous readers are answered to GET requests,
// under the data version (the last audited change: while it stays, no
// record anyone may read has changed) and the day (pages that say
// "overdue" or "upcoming" change at midnight). Every reader without a
// session or token sees the same public records, so one answer serves
// them all until something is changed; a hit costs one small query (the
// version) and a copy. Answers carry an ETag and Last-Modified, and a
// conditional request that still matches gets 304 without a body.
//
// Only 200 answers without Set-Cookie whose Cache-Control does not say
// private (nor no-store, but for the API: see keepable) are kept; the
// cache is bounded in entries and bytes.
type publicCache struct {
	svc    *service.Services
	now    func() time.Time
	lru    *lru.Cache[string, *cachedAnswer]
	mu     sync.Mutex
	bytes  int
	budget int
	result *prometheus.CounterVec
}

type cachedAnswer struct {
	seq      int64
	day      string
	header   http.Header
	body     []byte
	etag     string
	modified time.Time
}

// Bounds: 32 MiB of answers, 4096 entries, none over 1 MiB.
const (
	cacheBudget   = 32 << 20
	cacheEntries  = 4096
	cacheMaxEntry = 1 << 20
)

func newPublicCache(svc *service.Services, now func() time.Time, reg prometheus.Registerer) *publicCache {
	c := &publicCache{svc: svc, now: now, budget: cacheBudget}
	c.lru, _ = lru.NewWithEvict(cacheEntries, func(_ string, a *cachedAnswer) { c.bytes -= len(a.body) })
	c.result = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "napx_public_cache_requests_total",
		Help: "Anonymous GET requests by what the public cache did: hit, miss (computed and kept), pass (computed, not kept).",
	}, []string{"result"})
	if reg != nil {
		reg.MustRegister(c.result)
	}
	return c
}

// reads: a GET or HEAD of a page or the API (not the operations'
// addresses, nor the static files).
func reads(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	switch p := r.URL.Path; {
	case p == "/metrics" || p == "/healthz" || p == "/readyz" || strings.HasPrefix(p, "/static/"):
		return false
	}
	return true
}

// cacheable: a read by an anonymous reader.
func cacheable(r *http.Request) bool {
	return r.Header.Get("Authorization") == "" && httpx.CSRF(r.Context()) == "" && !service.ViewerFrom(r.Context()).SignedIn()
}

func (c *publicCache) handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !reads(r) {
			next.ServeHTTP(w, r)
			return
		}
		// Every read learns the data version once; the services keep what
		// they compute under it (service.WithDataVersion).
		v, err := c.svc.Audit.DataVersion(r.Context())
		if err != nil {
			next.ServeHTTP(w, r)
			return
		}
		r = r.WithContext(service.WithDataVersion(r.Context(), v))
		if !cacheable(r) {
			next.ServeHTTP(w, r)
			return
		}
		now := c.now().UTC()
		day := now.Format(time.DateOnly)
		key := r.URL.RequestURI() + "\x00" + r.Header.Get("Accept") + "\x00" + r.Header.Get("HX-Request") + "\x00" + r.Header.Get("HX-Boosted") +
			"\x00" + i18n.FromContext(r.Context()) // the page's language (issue 17)
		c.mu.Lock()
		a, ok := c.lru.Get(key)
		c.mu.Unlock()
		if ok && a.seq == v.Seq && a.day == day {
			c.result.WithLabelValues("hit").Inc()
			a.serve(w, r)
			return
		}
		if r.Method == http.MethodHead { // a handler may answer HEAD without a body: never kept
			c.result.WithLabelValues("pass").Inc()
			next.ServeHTTP(w, r)
			return
		}
		rec := &recorder{header: http.Header{}, buf: bufferPool.Get().(*bytes.Buffer)}
		defer func() { rec.buf.Reset(); bufferPool.Put(rec.buf) }()
		next.ServeHTTP(rec, r)
		if !rec.keepable(strings.HasPrefix(r.URL.Path, "/api/")) {
			c.result.WithLabelValues("pass").Inc()
			rec.writeTo(w)
			return
		}
		midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		a = &cachedAnswer{seq: v.Seq, day: day, header: rec.header.Clone(), body: bytes.Clone(rec.buf.Bytes()), modified: v.At.Truncate(time.Second)}
		if a.modified.Before(midnight) {
			a.modified = midnight
		}
		h := fnv.New64a()
		_, _ = h.Write(a.body)
		a.etag = `"` + strconv.FormatInt(v.Seq, 36) + "-" + strconv.FormatUint(h.Sum64(), 36) + `"`
		if a.header.Get("Cache-Control") == "" {
			a.header.Set("Cache-Control", "no-cache") // keep it, but ask again (a 304 when unchanged)
		}
		c.store(key, a)
		c.result.WithLabelValues("miss").Inc()
		a.serve(w, r)
	})
}

func (c *publicCache) store(key string, a *cachedAnswer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lru.Remove(key) // the eviction callback takes its bytes off
	c.lru.Add(key, a)
	c.bytes += len(a.body)
	for c.bytes > c.budget && c.lru.Len() > 1 {
		c.lru.RemoveOldest()
	}
}

// serve writes a kept answer, or 304 when the reader's copy is current.
func (a *cachedAnswer) serve(w http.ResponseWriter, r *http.Request) {
	copyHeader(w.Header(), a.header)
	h := w.Header()
	h.Set("ETag", a.etag)
	h.Set("Last-Modified", a.modified.Format(http.TimeFormat))
	if notModified(r, a) {
		h.Del("Content-Type")
		h.Del("Content-Length")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(a.body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(a.body) // #nosec G705 -- an answer the handlers wrote (escaped by html/template or encoding/json), kept as it was
	}
}

// notModified applies If-None-Match, else If-Modified-Since (RFC 9110 §13.2.2).
func notModified(r *http.Request, a *cachedAnswer) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			if t = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t), "W/")); t == a.etag || t == "*" {
				return true
			}
		}
		return false
	}
	if ims, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil {
		return !a.modified.After(ims)
	}
	return false
}

var bufferPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// recorder holds a handler's answer until the cache has decided.
type recorder struct {
	header http.Header
	status int
	buf    *bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.buf.Write(b)
}

// keepable: a 200 without a cookie, not too large, that its handler did
// not mark private or no-store. The API marks every answer no-store (a
// client should not keep what a token read); an anonymous API answer is
// public and the same for every anonymous reader, so the server keeps it
// all the same (it never leaves the process but as the answer itself).
func (r *recorder) keepable(api bool) bool {
	cc := strings.ToLower(r.header.Get("Cache-Control"))
	return r.status == http.StatusOK && len(r.header.Values("Set-Cookie")) == 0 && r.buf.Len() <= cacheMaxEntry &&
		!strings.Contains(cc, "private") && (api || !strings.Contains(cc, "no-store"))
}

func (r *recorder) writeTo(w http.ResponseWriter) {
	copyHeader(w.Header(), r.header)
	if r.status == 0 {
		r.status = http.StatusOK
	}
	w.WriteHeader(r.status)
	_, _ = w.Write(r.buf.Bytes())
}

// copyHeader writes the recorded header into h: each field replaces h's,
// but Vary adds to what the layers outside the cache said (the language's
// Accept-Language and Cookie), never drops it.
func copyHeader(h, recorded http.Header) {
	for k, vs := range recorded {
		if k == "Vary" {
			h[k] = append(slices.Clone(h[k]), vs...)
			continue
		}
		h[k] = vs
	}
}
