package web

import (
	"bytes"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"napx/internal/httpx"
	"napx/internal/maps"
	"napx/internal/refdata"
	"napx/internal/service"
)

// The maps (issue 14, item 3): GET /maps (the page: the map inline, the
// layer choice, the area choice and the table beside) and
// GET /maps/{layer}.svg?group=CODE (the map alone, as an SVG document).

// Disclaimer is the map's disclaimer, in napx's own words.
const Disclaimer = "The boundaries, names and designations on this map only help to find each State: they express no position of napx, the United Nations or any State on the legal status of any country, territory or area or of its authorities, nor on where any border or frontier lies. Boundaries: Natural Earth (public domain)."

// loadAtlas reads the shipped geometry once per process (it is the same
// embedded data for every handler).
var loadAtlas = sync.OnceValues(func() (*maps.Atlas, error) { return maps.Load(refdata.MustLoad()) })

func (h *Handler) registerMaps(rt *httpx.Router) {
	rt.Handle("GET", "/maps", h.wrap(h.mapsPage))
	rt.Handle("GET", "/maps/{file}", h.wrap(h.mapSVG))
}

// mapOf renders the map of d (a group's, or the world's) as SVG.
func (h *Handler) mapOf(r *http.Request, d service.MapData, id string) ([]byte, error) {
	p := h.mapPrinter(r)
	a, err := loadAtlas()
	if err != nil {
		return nil, err
	}
	var f *maps.Frame
	if d.Group == nil {
		f = a.World()
	} else {
		f = a.Group(h.svc.Directory.Catalog().Members(d.Group.Code))
	}
	l := &maps.Layer{ID: id, Title: p.T("maps.svg.title", d.Layer.Title, mapArea(p, d)),
		Desc:    p.T("maps.svg.desc", d.Layer.Description),
		Context: p.T("maps.context.group"), RTL: p.Lang().Dir == "rtl"}
	if d.Group == nil {
		l.Context = p.T("maps.context.world")
	}
	for _, c := range d.Classes {
		l.Classes = append(l.Classes, maps.Class{Label: c.Label, Count: c.Count, Missing: c.Missing})
	}
	for _, row := range d.Rows {
		text := p.T("maps.mark", row.Name, row.Label)
		if row.Detail != "" {
			text = p.T("maps.mark", row.Name, row.Detail)
		}
		l.Marks = append(l.Marks, maps.Mark{Code: row.State, Name: row.Name, Class: row.Class, Text: text, Href: "/states/" + row.State})
	}
	var b bytes.Buffer
	if err := maps.Render(&b, f, l, p.T("maps.disclaimer")); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// mapData reads the layer and area of a request, answering the error page
// with a clear message when napx has no such layer or group.
func (h *Handler) mapData(w http.ResponseWriter, r *http.Request, layer string) (service.MapData, bool) {
	d, err := h.svc.Maps.Data(r.Context(), service.ViewerFrom(r.Context()), layer, r.URL.Query().Get("group"))
	if nf, ok := service.AsMapNotFound(err); ok {
		p := &errorPage{Status: http.StatusNotFound, Heading: "No such map"}
		if nf.What == "layer" {
			var keys []string
			for _, l := range h.svc.Maps.MapLayers() {
				keys = append(keys, l.Key)
			}
			p.Message = "napx has no map layer “" + nf.Value + "”. The layers are: " + strings.Join(keys, ", ") + "."
		} else {
			p.Message = "napx knows no group of States with the code “" + nf.Value + "”. The groups are listed on the Groups page; leave the group out for the world."
		}
		p.Title = p.Heading
		if rerr := h.render(w, r, http.StatusNotFound, "error", p); rerr != nil {
			h.renderError(w, r, rerr)
		}
		return d, false
	}
	if err != nil {
		h.renderError(w, r, err)
		return d, false
	}
	return d, true
}

// mapSVG serves /maps/{layer}.svg: the map alone, for download or print.
func (h *Handler) mapSVG(w http.ResponseWriter, r *http.Request) error {
	file := r.PathValue("file")
	layer, ok := strings.CutSuffix(file, ".svg")
	if !ok {
		h.NotFoundMessage(w, r, "Maps are served as /maps/LAYER.svg, for example /maps/plans.svg?group=SEE.")
		return nil
	}
	d, ok := h.mapData(w, r, layer)
	if !ok {
		return nil
	}
	svg, err := h.mapOf(r, h.localMap(h.printer(r), d), "map")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/svg+xml; charset=utf-8")
	// Who may see what differs by viewer: never shared by caches.
	w.Header().Set("Cache-Control", "private, no-cache")
	w.Header().Set("Vary", "Cookie, Authorization")
	_, err = w.Write(svg) // #nosec G705 -- an SVG document written by maps.Render, which escapes every text it takes (labels, names, addresses)
	return err
}

// NotFoundMessage answers 404 with a message of the page's own.
func (h *Handler) NotFoundMessage(w http.ResponseWriter, r *http.Request, msg string) {
	p := &errorPage{Status: http.StatusNotFound, Heading: "Page not found", Message: msg}
	p.Title = p.Heading
	if err := h.render(w, r, http.StatusNotFound, "error", p); err != nil {
		h.renderError(w, r, err)
	}
}

type mapLayerLink struct {
	service.MapLayer
	Href    string
	Current bool
}

type mapsPage struct {
	Base
	Data    service.MapData
	SVG     template.HTML
	Layers  []mapLayerLink
	Groups  []*refdata.Group
	Group   string // the group's code, "" for the world
	SVGHref string
	Source  string
	Area    string // the map's area in words (mapArea)
}

// mapView builds the map, the layer links and the table of a map page
// (the maps page, or a group's page).
func (h *Handler) mapView(r *http.Request, d service.MapData, path string) (template.HTML, []mapLayerLink, error) {
	svg, err := h.mapOf(r, d, "map")
	if err != nil {
		return "", nil, err
	}
	var links []mapLayerLink
	for _, l := range h.svc.Maps.MapLayers() {
		q := url.Values{"layer": {l.Key}}
		if d.Group != nil {
			q.Set("group", d.Group.Code)
		}
		links = append(links, mapLayerLink{MapLayer: localLayer(h.printer(r), l), Href: path + "?" + q.Encode(), Current: l.Key == d.Layer.Key})
	}
	return template.HTML(svg), links, nil // #nosec G203 -- the SVG is written by maps.Render, which escapes every text it takes
}

func (h *Handler) mapsPage(w http.ResponseWriter, r *http.Request) error {
	layer := r.URL.Query().Get("layer")
	if layer == "" {
		layer = "plans"
	}
	d, ok := h.mapData(w, r, layer)
	if !ok {
		return nil
	}
	pr := h.printer(r)
	d = h.localMap(pr, d)
	p := &mapsPage{Data: d, Groups: h.svc.Directory.Groups(), Area: mapArea(pr, d)}
	var err error
	if p.SVG, p.Layers, err = h.mapView(r, d, "/maps"); err != nil {
		return err
	}
	q := url.Values{}
	if d.Group != nil {
		p.Group = d.Group.Code
		q.Set("group", d.Group.Code)
	}
	p.SVGHref = "/maps/" + d.Layer.Key + ".svg"
	if len(q) > 0 {
		p.SVGHref += "?" + q.Encode()
	}
	if a, err := loadAtlas(); err == nil {
		p.Source = pr.T("maps.source", a.Source, a.License, a.Projection)
	}
	p.Title, p.Section = pr.T("maps.page.title", d.Layer.Title, p.Area), "maps"
	return h.render(w, r, http.StatusOK, "maps", p)
}

// inlineMapStates is the most States a group's page draws inline (issue 18,
// item 7: slow links). The map of a larger group — the whole UN — was half
// of its page (26 of 57 kB compressed on the world dataset, over 60 kB in
// Russian): it is shown as an image of its SVG file, fetched and cached
// apart, and the table below it gives every State's entry and link.
const inlineMapStates = 100

// groupMap adds the group's map (the layer in ?layer=, plans by default)
// and its participation chart to the group's page.
func (h *Handler) groupMap(r *http.Request, p *groupPage) error {
	layer := r.URL.Query().Get("layer")
	if layer == "" {
		layer = "plans"
	}
	d, err := h.svc.Maps.Data(r.Context(), service.ViewerFrom(r.Context()), layer, p.Group.Code)
	if err != nil {
		return err
	}
	p.Data = h.localMap(h.printer(r), d)
	if len(d.Rows) > 0 {
		if p.SVG, p.Layers, err = h.mapView(r, p.Data, "/groups/"+p.Group.Code); err != nil {
			return err
		}
		p.SVGHref = "/maps/" + d.Layer.Key + ".svg?group=" + url.QueryEscape(p.Group.Code)
		if len(d.Rows) > inlineMapStates {
			pr := h.printer(r)
			alt := pr.T("phone.map.alt", pr.T("maps.svg.title", p.Data.Layer.Title, mapArea(pr, p.Data)))
			p.SVG = template.HTML(`<img class="map" src="` + html.EscapeString(p.SVGHref) + `" alt="` + html.EscapeString(alt) + `">`) // #nosec G203 -- both parts escaped
		}
	}
	p.Participation, err = h.participationChart(r, p.Group.Code)
	return err
}
