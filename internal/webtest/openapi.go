package webtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Every answer of the JSON API that a test receives through App.Do is
// checked against the OpenAPI document the server publishes (issue 9.11):
// its status must be documented for the route, and its body must match
// the schema of that status. A test that means to send something the
// document does not promise (a control) turns the check off with
// App.Unchecked.

const apiPrefix = "/api/v1"

// openAPI is an App's document: the compiled document it shares with
// every App of the test binary that publishes the same one (the tests
// build hundreds of Apps; compiling the document and its schemas for each
// was a tenth of a web test's time).
type openAPI struct {
	once sync.Once
	err  error
	c    *compiledAPI
}

// compiledAPI is one document, compiled once per test binary.
type compiledAPI struct {
	once    sync.Once
	err     error
	doc     map[string]any
	comp    *jsonschema.Compiler
	mu      sync.Mutex
	schemas map[string]*jsonschema.Schema
}

// compiledAPIs are the documents compiled in this test binary, by the
// SHA-256 of their JSON.
var compiledAPIs sync.Map

const docURL = "https://napx.invalid/openapi.json"

func (a *App) openAPI() (*compiledAPI, error) {
	o := a.api
	o.once.Do(func() {
		b, err := json.Marshal(a.API.Document())
		if err != nil {
			o.err = err
			return
		}
		v, _ := compiledAPIs.LoadOrStore(sha256.Sum256(b), &compiledAPI{})
		c := v.(*compiledAPI)
		c.once.Do(func() { c.err = c.compile(b) })
		o.c, o.err = c, c.err
	})
	return o.c, o.err
}

func (c *compiledAPI) compile(b []byte) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	c.doc, _ = doc.(map[string]any)
	c.comp = jsonschema.NewCompiler()
	c.comp.DefaultDraft(jsonschema.Draft2020)
	if err := c.comp.AddResource(docURL, doc); err != nil {
		return err
	}
	c.schemas = map[string]*jsonschema.Schema{}
	return nil
}

var pathParam = regexp.MustCompile(`\{([a-zA-Z_][a-zA-Z0-9_]*)(\.\.\.)?\}`)

// pointerToken escapes a JSON pointer token (RFC 6901) for a URL fragment.
func pointerToken(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
	return strings.NewReplacer("{", "%7B", "}", "%7D").Replace(s)
}

// CheckAPIAnswer checks one answer to req against the document: nil when
// the status is documented for the route and the body matches its schema.
// Requests outside the API are not checked.
func (a *App) CheckAPIAnswer(req *http.Request, rec *httptest.ResponseRecorder) error {
	if !strings.HasPrefix(req.URL.Path, apiPrefix+"/") {
		return nil
	}
	o, err := a.openAPI()
	if err != nil {
		return fmt.Errorf("the OpenAPI document does not load: %w", err)
	}
	route, ok := a.Router.Match(req)
	var loc string
	if !ok || route.Doc == nil {
		// No route: the API's own 404 or 405, an Error.
		loc = "#/components/schemas/Error"
	} else {
		path := pathParam.ReplaceAllString(strings.TrimPrefix(route.Path, apiPrefix), "{$1}")
		op, _ := o.doc["paths"].(map[string]any)[path].(map[string]any)[strings.ToLower(route.Method)].(map[string]any)
		responses, _ := op["responses"].(map[string]any)
		resp, ok := responses[strconv.Itoa(rec.Code)].(map[string]any)
		if !ok {
			return fmt.Errorf("%s %s answered %d, which the document does not list for %s %s", req.Method, req.URL.Path, rec.Code, route.Method, path)
		}
		content, _ := resp["content"].(map[string]any)
		if content == nil {
			if rec.Body.Len() > 0 {
				return fmt.Errorf("%s %s answered %d with a body the document does not describe", req.Method, req.URL.Path, rec.Code)
			}
			return nil
		}
		if _, isJSON := content["application/json"]; !isJSON {
			return nil // a file (CSV, XLSX, iCalendar): its schema is its media type
		}
		loc = "#/paths/" + pointerToken(path) + "/" + strings.ToLower(route.Method) + "/responses/" + strconv.Itoa(rec.Code) + "/content/application~1json/schema"
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return fmt.Errorf("%s %s answered %d as %q, the document says JSON", req.Method, req.URL.Path, rec.Code, ct)
	}
	o.mu.Lock()
	sch, ok := o.schemas[loc]
	if !ok {
		sch, err = o.comp.Compile(docURL + loc)
		if err != nil {
			o.mu.Unlock()
			return fmt.Errorf("the schema at %s does not compile: %w", loc, err)
		}
		o.schemas[loc] = sch
	}
	o.mu.Unlock()
	body, err := jsonschema.UnmarshalJSON(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		return fmt.Errorf("%s %s answered %d with a body that is not JSON: %w", req.Method, req.URL.Path, rec.Code, err)
	}
	if err := sch.Validate(body); err != nil {
		return fmt.Errorf("%s %s answered %d with a body that does not match the document:\n%v\nbody: %.800s", req.Method, req.URL.Path, rec.Code, err, rec.Body.String())
	}
	return nil
}

// Unchecked returns the app with the OpenAPI check of its answers turned
// off (for a control that sends what the document does not promise).
func (a *App) Unchecked() *App {
	c := *a
	c.unchecked = true
	return &c
}
