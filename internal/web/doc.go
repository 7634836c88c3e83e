// Package web serves napx's HTML pages: server-rendered with html/template,
// usable without JavaScript, with htmx (vendored in static/vendor) where it
// helps. Handlers parse the request, call the service layer and render a
// typed page; they hold no rules and no SQL.
//
// It imports model, refdata, policy, httpx and service; never store.
package web
