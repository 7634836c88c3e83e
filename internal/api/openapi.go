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

// listOf is {"items": [name...]}.
func listOf(name string) httpx.Schema {
	return httpx.Schema{"type": "object", "required": []string{"items"},
		"properties": httpx.Schema{"items": httpx.Schema{"type": "array", "items": ref(name)}}}
}

// str, integer, boolean, date and arrays: shorthand for schemas.
func str(desc string) httpx.Schema { return httpx.Schema{"type": "string", "description": desc} }
func strEnum(values ...string) httpx.Schema {
	return httpx.Schema{"type": "string", "enum": values}
}
func integer(desc string) httpx.Schema { return httpx.Schema{"type": "integer", "description": desc} }
func boolean(desc string) httpx.Schema { return httpx.Schema{"type": "boolean", "description": desc} }
func date(desc string) httpx.Schema {
	return httpx.Schema{"type": "string", "format": "date", "description": desc}
}
func arrayOf(s httpx.Schema) httpx.Schema { return httpx.Schema{"type": "array", "items": s} }
func object(required []string, props httpx.Schema) httpx.Schema {
	s := httpx.Schema{"type": "object", "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

// schemaSets are the component schemas, one function per feature file.
var schemaSets = []func() map[string]httpx.Schema{
	directorySchemas,
	accountSchemas,
	napSchemas,
	matrixSchemas,
	eventSchemas,
	notificationSchemas,
}

func directorySchemas() map[string]httpx.Schema {
	return map[string]httpx.Schema{
		"Error": object([]string{"error"}, httpx.Schema{
			"error":   str("what went wrong, in words"),
			"fields":  httpx.Schema{"type": "object", "additionalProperties": httpx.Schema{"type": "string"}, "description": "per field: what is wrong with it"},
			"current": httpx.Schema{"description": "on a 409 for a stale version: the record as it is now"},
		}),
		"State": object([]string{"code", "name", "formal_name", "status", "former_names", "common_names", "groups"}, httpx.Schema{
			"code":            str("ISO 3166-1 alpha-3; also the State's organisation code"),
			"alpha2":          str("ISO 3166-1 alpha-2"),
			"name":            str("UN short name today"),
			"formal_name":     str("UN formal name today"),
			"status":          strEnum("member", "observer"),
			"un_member_since": date("admission to the UN"),
			"common_names":    arrayOf(str("")),
			"former_names": arrayOf(object([]string{"name", "kind", "until", "source", "verified"}, httpx.Schema{
				"name":     str("the name then"),
				"kind":     strEnum("short", "formal"),
				"from":     str("first day in use (YYYY-MM-DD, YYYY-MM or YYYY), when known"),
				"until":    str("the day the next name took effect (YYYY-MM-DD, YYYY-MM or YYYY)"),
				"note":     str(""),
				"source":   str("where the fact comes from"),
				"verified": boolean("true only when the date was read in the source"),
			})),
			"groups":  arrayOf(str("group code")),
			"matched": str("with ?q=: the name that matched, when it is not the current one"),
		}),
		"Group": object([]string{"code", "name", "kind", "members", "source"}, httpx.Schema{
			"code": str(""), "name": str(""), "kind": str(""), "description": str(""), "source": str(""),
			"members": arrayOf(object([]string{"code", "role"}, httpx.Schema{
				"code": str("State or organisation code"), "role": strEnum("member", "participating", "associate", "observer"),
				"since": str(""), "note": str(""),
			})),
		}),
		"Organization": object([]string{"code", "name", "kind", "aliases", "source"}, httpx.Schema{
			"code": str(""), "name": str(""), "short": str(""),
			"kind":   strEnum("committee", "secretariat", "international", "regional-centre", "programme"),
			"parent": str("the State or organisation it belongs to"), "website": str(""), "aliases": arrayOf(str("")),
			"address": str(""), "source": str(""),
		}),
	}
}

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
	schemas := map[string]httpx.Schema{}
	for _, set := range schemaSets {
		for k, v := range set() {
			schemas[k] = v
		}
	}
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
	for _, p := range d.Params {
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
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": d.Request}}}
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
	if len(d.Params) > 0 || d.Request != nil {
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
		errResp(http.StatusForbidden, "you may read this but not change it")
	}
	if rt.Method == "PATCH" || rt.Method == "PUT" {
		errResp(http.StatusConflict, "the version you sent is stale; `current` holds the record as it is now")
	}
	op["responses"] = responses
	return op
}

func (h *Handler) openAPI(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, h.Document())
	return nil
}
