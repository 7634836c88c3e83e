package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"napx/internal/httpx"
	"napx/internal/model"
)

// BenchmarkCheckInput compares a form POST and a JSON POST through the
// boundary check (httpx.CheckInput: parse once, check UTF-8) with the same
// requests whose handler reads the form or body itself, as before. The
// ratio of the two is the check's cost.
func BenchmarkCheckInput(b *testing.B) {
	rt := httpx.NewRouter()
	read := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			buf := make([]byte, 8<<10)
			for {
				if _, err := r.Body.Read(buf); err != nil {
					break
				}
			}
			return
		}
		_ = r.PostFormValue("title")
	})
	rt.Handle("POST", "/x", read)
	tooLarge := func(w http.ResponseWriter, r *http.Request, limit int64) { w.WriteHeader(413) }
	invalid := func(w http.ResponseWriter, r *http.Request, p model.Problems) { w.WriteHeader(422) }
	without := httpx.LimitBodies(rt, tooLarge, rt)
	with := httpx.LimitBodies(rt, tooLarge, httpx.CheckInput(tooLarge, invalid, rt))
	form := url.Values{}
	for _, k := range []string{"title", "description", "lead", "comment", "indicator_target"} {
		form.Set(k, strings.Repeat("Žmergo ", 30))
	}
	body := form.Encode()
	js := `{"title":"` + strings.Repeat("Žmergo ", 500) + `"}`
	for _, bc := range []struct{ name, ctype, body string }{{"form", "application/x-www-form-urlencoded", body}, {"json", "application/json", js}} {
		for _, h := range []struct {
			name string
			h    http.Handler
		}{{"handler-reads", without}, {"check-input", with}} {
			b.Run(bc.name+"/"+h.name, func(b *testing.B) {
				for b.Loop() {
					req := httptest.NewRequest("POST", "/x", strings.NewReader(bc.body))
					req.Header.Set("Content-Type", bc.ctype)
					rec := httptest.NewRecorder()
					h.h.ServeHTTP(rec, req)
					if rec.Code != 200 {
						b.Fatal(rec.Code)
					}
				}
			})
		}
	}
}
