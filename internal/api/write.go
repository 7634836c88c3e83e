package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// The one API write pipeline (issue 9.9), in three steps a handler calls
// in order:
//
//  1. ids: the record IDs of the path (httpx.PathID; malformed is 404);
//  2. body/bodyAs: the request body read into memory (bounded by the
//     route's limit) and handed to the service as a lazy service.Input —
//     the service reads the record once, locked, decides visibility
//     (a hidden record is 404 whatever the body), and only then has the
//     body checked (media type 415, JSON 422), validates, checks the
//     version, writes and audits;
//  3. answer: one conversion of the service's result to the wire type,
//     and of a conflict's current record by the same function, so a 409
//     is {"error", "current"} with "current" as the API shows it.

// ids reads the record IDs named in the path, in order.
func ids(r *http.Request, names ...string) ([]int64, error) {
	out := make([]int64, len(names))
	for i, n := range names {
		id, err := httpx.PathID(r, n)
		if err != nil {
			return nil, err
		}
		out[i] = id
	}
	return out, nil
}

// requestBody is a request's body, read before the service runs (no
// network read inside a transaction); its checks run when it is decoded.
type requestBody struct {
	data        []byte
	contentType string
	optional    bool // a POST that needs no body (submit, publish, review steps)
}

func readBody(r *http.Request, optional bool) (requestBody, error) {
	b := requestBody{contentType: r.Header.Get("Content-Type"), optional: optional}
	if r.Body == nil {
		return b, nil
	}
	data, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return b, err
		}
		return b, model.Problems{"body": "the request body could not be read"}
	}
	b.data = data
	return b, nil
}

// unsupportedMedia is a body in a media type the API does not read: 415.
type unsupportedMedia struct{ msg string }

func (e *unsupportedMedia) Error() string { return e.msg }

// checkMediaType applies the one rule for request bodies (issue 15.9): a
// body is JSON — application/json in any case, charset absent or UTF-8 —
// whatever else is 415; a request without a body needs no type.
func checkMediaType(contentType string) error {
	const want = "send JSON with Content-Type: application/json (charset absent or UTF-8)"
	if strings.TrimSpace(contentType) == "" {
		return &unsupportedMedia{"the request has a body but no Content-Type: " + want}
	}
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "application/json" {
		return &unsupportedMedia{"the body's media type is not JSON: " + want}
	}
	for k, v := range params {
		if k != "charset" {
			return &unsupportedMedia{fmt.Sprintf("the media type parameter %q is not accepted: %s", k, want)}
		}
		if !strings.EqualFold(v, "utf-8") && !strings.EqualFold(v, "utf8") {
			return &unsupportedMedia{"the body's charset is not UTF-8: " + want}
		}
	}
	return nil
}

// decodeInto checks the media type and decodes the JSON body onto dst:
// unknown fields, trailing data and anything that is not JSON are
// problems naming the field.
func (b requestBody) decodeInto(dst any) error {
	if len(bytes.TrimSpace(b.data)) == 0 {
		if b.optional {
			return nil
		}
		return model.Problems{"body": "the request body is empty; send a JSON object"}
	}
	if err := checkMediaType(b.contentType); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b.data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonProblem(err)
	}
	if dec.More() {
		return model.Problems{"body": "the body has data after the JSON value"}
	}
	return nil
}

// body reads the request body as the service's lazy input: the JSON is
// decoded onto base (the record as an input, for a merge-patch).
func body[T any](r *http.Request) (service.Input[T], error) {
	b, err := readBody(r, false)
	if err != nil {
		return nil, err
	}
	return func(base T) (T, error) {
		in := base
		err := b.decodeInto(&in)
		return in, err
	}, nil
}

// bodyAs reads the request body as the wire type W (optional: an empty
// body is W's zero value) and converts it to the service's input.
func bodyAs[W, T any](r *http.Request, optional bool, conv func(W) (T, error)) (service.Input[T], error) {
	b, err := readBody(r, optional)
	if err != nil {
		return nil, err
	}
	return func(T) (T, error) {
		var in W
		if err := b.decodeInto(&in); err != nil {
			var zero T
			return zero, err
		}
		return conv(in)
	}, nil
}

// plain adapts a conversion that cannot fail.
func plain[W, T any](conv func(W) T) func(W) (T, error) {
	return func(w W) (T, error) { return conv(w), nil }
}

// answer writes the service's result in its wire form with status; an
// error goes to writeError, where a conflict's current record is turned
// into its wire form by the same function (wireCurrent). Use it as
// answer(w, 200, wire)(service call).
func answer[Out, W any](w http.ResponseWriter, status int, wire func(Out) W) func(Out, error) error {
	return func(out Out, err error) error {
		if err != nil {
			return err
		}
		writeJSON(w, status, wire(out))
		return nil
	}
}

// answerWith is answer for a wire form that reads more (a plan with its
// actions and roll-up).
func answerWith[Out, W any](w http.ResponseWriter, status int, wire func(Out) (W, error)) func(Out, error) error {
	return func(out Out, err error) error {
		if err != nil {
			return err
		}
		v, err := wire(out)
		if err != nil {
			return err
		}
		writeJSON(w, status, v)
		return nil
	}
}

// wireCurrent is the one place a conflict's current record becomes its
// wire form, with the same function the record's own answer uses.
func (h *Handler) wireCurrent(cur any) any {
	switch c := cur.(type) {
	case nil:
		return nil
	case service.NAPView:
		return h.planView(c)
	case model.NAPAction:
		return h.actionOut(c)
	case service.EventView:
		return h.eventOut(c)
	case service.ParticipantView:
		return participantOut(c)
	case model.FollowUp:
		return followUpOut(c)
	case service.ContactView:
		return contactOut(c)
	case service.CellConflict:
		out := cellOut(c.Cell)
		out.State = c.State
		return out
	case model.MatrixEdition:
		return editionOut(c)
	case service.PracticeView:
		return practiceOut(c)
	case service.ReportView:
		return reportOut(c)
	case service.FactView:
		return factOut(c)
	case service.RequestView:
		return h.requestOut(c)
	case service.NeedView:
		return h.needView(c)
	case service.ProgrammeView:
		return programmeOut(c)
	case model.Translation:
		return translationOut(c)
	}
	// A record without a wire form is not shown: never a Go value's fields.
	return nil
}
