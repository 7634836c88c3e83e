// Package httpx is napx's HTTP plumbing shared by the web pages and the
// JSON API: the router that records every route with its body limit and
// API description, the middleware (request IDs, structured logs, metrics,
// security headers, body limits, panics), and the graceful server loop.
//
// It imports only model and the standard library (plus the metrics
// library); it knows nothing of pages, accounts or records.
package httpx
