package server

import (
	"compress/gzip"
	"net/http"
	"strings"

	"github.com/klauspost/compress/gzhttp"
)

// compress gzips answers for clients that accept it (issue 18, item 7:
// slow links): pages, the API, the stylesheet and scripts, CSV and
// calendars. Workbooks and other ZIP containers are compressed already and
// pass as they are; answers under 1 KiB are not worth the header.
// github.com/klauspost/compress/gzhttp handles Vary, ranges, ETags and
// flushing; a request that does not ask for gzip gets the bytes unchanged.
func compress(h http.Handler) http.Handler {
	wrap, err := gzhttp.NewWrapper(
		gzhttp.MinSize(1024),
		gzhttp.CompressionLevel(gzip.DefaultCompression),
		gzhttp.ContentTypeFilter(func(ct string) bool {
			ct = strings.ToLower(ct)
			if strings.Contains(ct, "spreadsheetml") || strings.Contains(ct, "officedocument") {
				return false
			}
			return gzhttp.DefaultContentTypeFilter(ct)
		}),
	)
	if err != nil {
		// The options above are constants: an error is a programming error.
		panic(err)
	}
	return wrap(h)
}
