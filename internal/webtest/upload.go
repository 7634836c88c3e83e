package webtest

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"

	"napx/internal/httpx"
)

// Upload posts a multipart form as this client's page session (with the
// form token), with fields and one file.
func (c *Client) Upload(path string, fields url.Values, fileField, fileName string, data []byte) *httptest.ResponseRecorder {
	c.app.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	r := Request{Method: http.MethodPost, Path: path, Header: http.Header{}}
	if c.Account.ID != 0 {
		c.signIn()
		r.Cookies = []*http.Cookie{{Name: httpx.SessionCookie, Value: c.session}}
		if fields.Get("csrf") == "" {
			_ = mw.WriteField("csrf", httpx.CSRFToken(c.session))
		}
	}
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	fw, err := mw.CreateFormFile(fileField, fileName)
	if err != nil {
		c.app.t.Fatal(err)
	}
	_, _ = fw.Write(data)
	if err := mw.Close(); err != nil {
		c.app.t.Fatal(err)
	}
	r.Body = &body
	r.Header.Set("Content-Type", mw.FormDataContentType())
	return c.app.Do(r)
}
