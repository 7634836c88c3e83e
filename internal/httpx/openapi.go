package httpx

// Op describes an API operation for the OpenAPI document. Routes carry it
// (see Doc), so the document lists exactly the routes that exist.
type Op struct {
	ID          string // operationId, e.g. "listStates"
	Summary     string
	Description string
	Tag         string
	Public      bool // readable without signing in
	Params      []Param
	Request     Schema         // JSON request body schema, nil for none
	RequestType string         // the request body's media type; default application/json
	Responses   map[int]Answer // by status code; 4xx errors are added by the document builder
}

// Param is a path or query parameter.
type Param struct {
	Name        string
	In          string // "path" or "query"
	Description string
	Required    bool
	Schema      Schema
}

// Answer is a documented response.
type Answer struct {
	Description string
	Schema      Schema // JSON body schema; nil for none
	ContentType string // default application/json
}

// Schema is a JSON Schema (OpenAPI 3.1 uses JSON Schema 2020-12), written
// as a map so it encodes directly.
type Schema = map[string]any
