package api_test

import (
	"io"
	"net/http"
	"strconv"
	"strings"
)

func itoa(n int64) string         { return strconv.FormatInt(n, 10) }
func jsonBody(s string) io.Reader { return strings.NewReader(s) }
func jsonHeader() http.Header     { return http.Header{"Content-Type": {"application/json"}} }
