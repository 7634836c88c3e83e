package api

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"napx/internal/httpx"
)

// ref points at a schema in components.
func ref(name string) httpx.Schema { return httpx.Schema{"$ref": "#/components/schemas/" + name} }

// listOf is {"items": [name...], "next": address}: a list, paged when the
// route documents the limit and cursor parameters.
func listOf(name string) httpx.Schema {
	return httpx.Schema{"type": "object", "required": []string{"items"}, "additionalProperties": false,
		"properties": httpx.Schema{"items": httpx.Schema{"type": "array", "items": ref(name)},
			"next": httpx.Schema{"type": "string", "description": "the address of the next page; absent on the last page"}}}
}

// strEnum, date and arrayOf: shorthand for parameter and request schemas.
func strEnum(values ...string) httpx.Schema {
	return httpx.Schema{"type": "string", "enum": values}
}

func date(desc string) httpx.Schema {
	return httpx.Schema{"type": "string", "format": "date", "description": desc}
}

func arrayOf(s httpx.Schema) httpx.Schema { return httpx.Schema{"type": "array", "items": s} }

var pathParam = regexp.MustCompile(`\{([a-zA-Z_][a-zA-Z0-9_]*)(\.\.\.)?\}`)

// Document builds the OpenAPI 3.1 document from the router's API routes.
func (h *Handler) Document() map[string]any {
	paths := map[string]map[string]any{}
	for _, rt := range h.rt.Routes() {
		if !strings.HasPrefix(rt.Path, Prefix+"/") || rt.Doc == nil {
			continue
		}
		p := strings.TrimPrefix(rt.Path, Prefix)
		p = pathParam.ReplaceAllString(p, "{$1}")
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		paths[p][strings.ToLower(rt.Method)] = operation(rt)
	}
	schemas := schemas()
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "napx API",
			"version":     h.version,
			"description": "The JSON API of napx, the information-exchange platform for the implementation of UN Security Council resolution 1540. The same access rules as the web pages apply: a record you may not read does not exist for you (404).",
		},
		"servers": []map[string]any{{"url": Prefix}},
		"paths":   paths,
		"components": map[string]any{
			"schemas": schemas,
			"securitySchemes": map[string]any{
				"bearer":  map[string]any{"type": "http", "scheme": "bearer", "description": "an API token from `napx token create` or the account page"},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": "napx_session"},
			},
		},
	}
}

func operation(rt httpx.Route) map[string]any {
	d := rt.Doc
	op := map[string]any{"operationId": d.ID, "summary": d.Summary}
	if d.Description != "" {
		op["description"] = d.Description
	}
	if d.Tag != "" {
		op["tags"] = []string{d.Tag}
	}
	var params []map[string]any
	ps := d.Params
	if pagedOps[d.ID] {
		ps = append(append([]httpx.Param{}, ps...), pageParams()...)
	}
	for _, p := range ps {
		pm := map[string]any{"name": p.Name, "in": p.In, "required": p.Required || p.In == "path"}
		if p.Description != "" {
			pm["description"] = p.Description
		}
		if p.Schema != nil {
			pm["schema"] = p.Schema
		} else {
			pm["schema"] = httpx.Schema{"type": "string"}
		}
		params = append(params, pm)
	}
	if params != nil {
		op["parameters"] = params
	}
	if d.Request != nil {
		rt := d.RequestType
		if rt == "" {
			rt = "application/json"
		}
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{rt: map[string]any{"schema": d.Request}}}
	}
	responses := map[string]any{}
	for code, a := range d.Responses {
		resp := map[string]any{"description": a.Description}
		if a.Schema != nil {
			ct := a.ContentType
			if ct == "" {
				ct = "application/json"
			}
			resp["content"] = map[string]any{ct: map[string]any{"schema": a.Schema}}
		}
		responses[strconv.Itoa(code)] = resp
	}
	errResp := func(code int, desc string) {
		if _, ok := responses[strconv.Itoa(code)]; !ok {
			responses[strconv.Itoa(code)] = map[string]any{"description": desc,
				"content": map[string]any{"application/json": map[string]any{"schema": ref("Error")}}}
		}
	}
	if strings.Contains(rt.Path, "{") {
		errResp(http.StatusNotFound, "no such record, or you may not read it")
	}
	if len(ps) > 0 || d.Request != nil || rt.Method != "GET" {
		errResp(http.StatusUnprocessableEntity, "invalid input; `fields` names each bad field")
	}
	if d.Request != nil || rt.Method != "GET" {
		errResp(http.StatusRequestEntityTooLarge, "the body is over this route's limit ("+httpx.HumanBytes(rt.BodyLimit)+")")
	}
	if !d.Public {
		errResp(http.StatusUnauthorized, "no valid session or API token")
		op["security"] = []map[string]any{{"bearer": []string{}}, {"session": []string{}}}
	} else {
		op["security"] = []map[string]any{{}}
	}
	if rt.Method != "GET" {
		errResp(http.StatusForbidden, "you may read this but not change it, or your role needs a second factor you have not set up")
	} else if rt.Path != Prefix+"/me" {
		errResp(http.StatusForbidden, "your role needs a second factor: set it up on your account page first")
	}
	if rt.Method != "GET" {
		errResp(http.StatusConflict, "the record changed meanwhile (a stale version: `current` holds the record as it is now), or the step does not fit its state now")
		if d.RequestType != "" {
			errResp(http.StatusUnsupportedMediaType, "a body that is not "+d.RequestType)
		} else {
			errResp(http.StatusUnsupportedMediaType, "a body that is not JSON (application/json, charset absent or UTF-8)")
		}
	}
	op["responses"] = responses
	return op
}

func (h *Handler) openAPI(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, h.Document())
	return nil
}
