package httpx_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"napx/internal/httpx"
)

// TestGracefulShutdown: when the context ends (SIGTERM), a request already
// being served finishes with its answer, and the server then stops.
func TestGracefulShutdown(t *testing.T) {
	started := make(chan struct{})
	release := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		_, _ = w.Write([]byte("finished"))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	srv := httpx.NewServer(ln.Addr().String(), h, log)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- httpx.Serve(ctx, srv, ln, 10*time.Second, log) }()

	type result struct {
		body string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			got <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		got <- result{string(b), err}
	}()
	<-started
	cancel() // SIGTERM arrives while the request is in flight
	time.Sleep(100 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("server stopped before the in-flight request finished: %v", err)
	default:
	}
	close(release)
	r := <-got
	if r.err != nil || r.body != "finished" {
		t.Fatalf("in-flight request: %q, %v; want it to finish", r.body, r.err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/"); err == nil {
		t.Fatal("the server still accepts connections after shutting down")
	}
}

func TestRouterLimitsAndMatch(t *testing.T) {
	rt := httpx.NewRouter()
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := io.Copy(io.Discard, r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
			return
		}
		_, _ = w.Write([]byte{byte('0' + n%10)})
	})
	rt.Handle("POST", "/small", ok)
	rt.Handle("POST", "/upload", ok, httpx.BodyLimit(20<<20))
	rt.Handle("GET", "/items/{id}", ok)
	tooLarge := func(w http.ResponseWriter, r *http.Request, limit int64) {
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		_, _ = w.Write([]byte(httpx.HumanBytes(limit)))
	}
	h := httpx.LimitBodies(rt, tooLarge, rt)
	tests := []struct {
		path   string
		length int64
		want   int
	}{
		{"/small", 11 << 20, 413},
		{"/small", 1 << 20, 200},
		{"/upload", 11 << 20, 200},
		{"/upload", 21 << 20, 413},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest("POST", tt.path, io.LimitReader(zeros{}, tt.length))
		req.ContentLength = tt.length
		rec := &recorder{header: http.Header{}}
		h.ServeHTTP(rec, req)
		if rec.code == 0 {
			rec.code = 200
		}
		if rec.code != tt.want {
			t.Errorf("POST %s with %d bytes: %d, want %d", tt.path, tt.length, rec.code, tt.want)
		}
	}
	// A body that lies about its length (chunked) is cut at the limit too.
	req, _ := http.NewRequest("POST", "/small", io.LimitReader(zeros{}, 11<<20))
	req.ContentLength = -1
	rec := &recorder{header: http.Header{}}
	h.ServeHTTP(rec, req)
	if rec.code != 413 {
		t.Errorf("chunked 11 MiB body: %d, want 413", rec.code)
	}
	r, _ := http.NewRequest("GET", "/items/7", nil)
	if m, ok := rt.Match(r); !ok || m.Path != "/items/{id}" {
		t.Errorf("Match(/items/7) = %+v, %v", m, ok)
	}
	r, _ = http.NewRequest("DELETE", "/items/7", nil)
	if got := rt.Allowed(r); len(got) != 1 || got[0] != "GET" {
		t.Errorf("Allowed(DELETE /items/7) = %v, want [GET]", got)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 0
	}
	return len(p), nil
}

type recorder struct {
	header http.Header
	code   int
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = 200
	}
	return len(b), nil
}
func (r *recorder) WriteHeader(c int) {
	if r.code == 0 {
		r.code = c
	}
}
