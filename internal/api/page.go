package api

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"napx/internal/httpx"
	"napx/internal/model"
)

// Lists of records are paged (issue 15.7): ?limit=N (default DefaultPage,
// at most MaxPage) and ?cursor=..., an opaque token the previous page's
// "next" address carries. Pages follow the service's order and resume
// after the last record seen (not at an offset), so a record added or
// removed meanwhile neither repeats nor skips another. Reference data —
// States, groups, organisations, the matrix taxonomy — and lists bounded
// by it (one row per State of a group, per field of the taxonomy) stay
// whole.
const (
	DefaultPage = 100
	MaxPage     = 500
)

// pagedOps are the operations whose lists are paged: the document gives
// them the limit and cursor parameters.
var pagedOps = map[string]bool{
	"listNAPs": true, "listNAPActions": true, "listNAPSubmissions": true, "listEvents": true, "listParticipants": true,
	"listFollowUps": true, "listPointsOfContact": true, "listStateMatrixEditions": true, "getStateMatrixCellHistory": true,
	"listStateMatrixCellComments": true, "listNotifications": true, "listFollows": true, "listAssistanceRequests": true, "listProgrammes": true,
	"listPractices": true,
}

// pageParams are the paging parameters of a paged list.
func pageParams() []httpx.Param {
	return []httpx.Param{
		{Name: "limit", In: "query", Description: fmt.Sprintf("records per page: 1 to %d (default %d)", MaxPage, DefaultPage),
			Schema: httpx.Schema{"type": "integer", "minimum": 1, "maximum": MaxPage}},
		{Name: "cursor", In: "query", Description: "where the page starts: the cursor of the previous page's `next` address"},
	}
}

// pageAsked reads the paging parameters: the page size and the key of the
// record the page starts after ("" for the first page).
func pageAsked(r *http.Request) (limit int, after string, err error) {
	q := r.URL.Query()
	limit = DefaultPage
	if s := strings.TrimSpace(q.Get("limit")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxPage {
			return 0, "", model.Problems{"limit": fmt.Sprintf("a whole number from 1 to %d", MaxPage)}
		}
		limit = n
	}
	if c := q.Get("cursor"); c != "" {
		b, err := base64.RawURLEncoding.DecodeString(c)
		if err != nil || len(b) == 0 {
			return 0, "", model.Problems{"cursor": "is not a cursor of this list; start again without it"}
		}
		after = string(b)
	}
	return limit, after, nil
}

// nextAddress is the address of the page that starts after the record
// keyed after: the request's own query with the cursor and limit set.
func nextAddress(r *http.Request, after string, limit int) string {
	next := url.Values{}
	for k, vs := range r.URL.Query() {
		next[k] = vs
	}
	next.Set("cursor", base64.RawURLEncoding.EncodeToString([]byte(after)))
	next.Set("limit", strconv.Itoa(limit))
	return r.URL.Path + "?" + next.Encode()
}

// page cuts items (in the service's order) to the page the request asks
// for; key names a record uniquely within the list. A service that reads
// a page by its key itself (the inbox) uses pageAsked and nextAddress.
func page[T any](r *http.Request, items []T, key func(T) string) (list[T], error) {
	limit, after, err := pageAsked(r)
	if err != nil {
		return list[T]{}, err
	}
	start := 0
	if after != "" {
		start = -1
		for i, it := range items {
			if key(it) == after {
				start = i + 1
				break
			}
		}
		if start < 0 {
			return list[T]{}, model.Problems{"cursor": "the record this page starts after is no longer in the list; start again without a cursor"}
		}
	}
	end := min(start+limit, len(items))
	out := newList(items[start:end])
	if end < len(items) {
		out.Next = nextAddress(r, key(items[end-1]), limit)
	}
	return out, nil
}

// writePage writes the page of items the request asks for.
func writePage[T any](w http.ResponseWriter, r *http.Request, items []T, key func(T) string) error {
	p, err := page(r, items, key)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func byID(id int64) string { return strconv.FormatInt(id, 10) }
