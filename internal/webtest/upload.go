package webtest

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"

	"napx/internal/httpx"
)

// Upload posts a multipart form with one file (field name, file name and
// content) and the other values, as this client's page session (the form
// token is added).
func (c *Client) Upload(path, field, filename string, data []byte, values url.Values) *httptest.ResponseRecorder {
	c.app.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if c.Account.ID != 0 {
		c.signIn()
		if values.Get("csrf") == "" {
			values.Set("csrf", httpx.CSRFToken(c.session))
		}
	}
	for k, vs := range values {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	fw, err := mw.CreateFormFile(field, filename)
	if err != nil {
		c.app.t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = mw.Close()
	r := Request{Method: http.MethodPost, Path: path, Body: &body, Header: http.Header{"Content-Type": {mw.FormDataContentType()}}}
	if c.session != "" {
		r.Cookies = []*http.Cookie{{Name: httpx.SessionCookie, Value: c.session}}
	}
	return c.app.Do(r)
}
