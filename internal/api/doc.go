// Package api serves napx's JSON API under /api/v1 and its OpenAPI 3.1
// description, built from the routes themselves so it lists exactly what
// exists. Handlers decode, call the service layer and encode; the rules
// live in service, the same ones the pages use.
//
// It imports model, refdata, policy, httpx and service; never store.
package api
