package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"napx/internal/model"
	"napx/internal/service"
)

// The event form's pickers (issue 18, item 3): partners, contacts and
// related events as repeating rows, organisations and events chosen by
// name, sharing by checkboxes, the time zone defaulted from the
// organiser's own events. The text syntaxes stay as an import.

type partnerFormRow struct {
	Org   string
	Roles []string
}

// Has reports whether the row has role.
func (r partnerFormRow) Has(role model.PartnerRole) bool {
	return slices.Contains(r.Roles, string(role))
}

type contactFormRow struct{ Org, Name, Role, Email, Phone, Audience string }

type relatedFormRow struct{ Relation, Title, Organizer, Note, Event string }

// blankRows is how many empty rows each repeating fieldset offers.
const blankRows = 1

// maxEventChoices bounds the events offered by title (the newest first);
// a title typed beyond them is still found among the events the reader
// may read.
const maxEventChoices = 300

// eventChoices are the events v may read, as the picker writes them
// ("Title (YYYY-MM-DD)"), and a resolver from what was typed to an ID:
// the picker's text, or a title that names one event only.
type eventChoices struct {
	Picks   []pick
	byValue map[string]int64
	byTitle map[string][]int64
}

func (h *Handler) eventChoices(r *http.Request) (eventChoices, error) {
	evs, err := h.svc.Events.List(r.Context(), service.ViewerFrom(r.Context()), service.EventQuery{})
	if err != nil {
		return eventChoices{}, err
	}
	c := eventChoices{byValue: map[string]int64{}, byTitle: map[string][]int64{}}
	for i := len(evs) - 1; i >= 0; i-- {
		e := evs[i]
		v := e.Title + " (" + e.Start.String() + ")"
		c.byValue[v] = e.ID
		key := strings.ToLower(strings.TrimSpace(e.Title))
		c.byTitle[key] = append(c.byTitle[key], e.ID)
		if len(c.Picks) < maxEventChoices {
			c.Picks = append(c.Picks, pick{Value: v, Label: e.Start.String()})
		}
	}
	return c, nil
}

// resolve finds the event typed; ok is false when none (or several) of
// the events the reader may read answer to it.
func (c eventChoices) resolve(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if id, ok := c.byValue[s]; ok {
		return id, true
	}
	if ids := c.byTitle[strings.ToLower(s)]; len(ids) == 1 {
		return ids[0], true
	}
	return 0, false
}

func (c eventChoices) label(id int64) string {
	for v, x := range c.byValue {
		if x == id {
			return v
		}
	}
	return ""
}

// rowsFrom reads the event form's repeating rows as sent (picker mode).
func rowsFrom(r *http.Request, f *eventForm) {
	f.Picker = true
	n := func(k string) int {
		i, _ := strconv.Atoi(r.PostFormValue(k))
		return min(max(i, 0), 100)
	}
	g := func(k string, i int, part string) string { return r.PostFormValue(fmt.Sprintf("%s-%d-%s", k, i, part)) }
	for i := range n("partner_rows") {
		f.PartnerRows = append(f.PartnerRows, partnerFormRow{Org: g("partner", i, "org"), Roles: r.PostForm[fmt.Sprintf("partner-%d-roles", i)]})
	}
	for i := range n("contact_rows") {
		f.ContactRows = append(f.ContactRows, contactFormRow{Org: g("contact", i, "org"), Name: g("contact", i, "name"), Role: g("contact", i, "role"),
			Email: g("contact", i, "email"), Phone: g("contact", i, "phone"), Audience: g("contact", i, "audience")})
	}
	for i := range n("related_rows") {
		f.RelatedRows = append(f.RelatedRows, relatedFormRow{Relation: g("related", i, "relation"), Title: g("related", i, "title"),
			Organizer: g("related", i, "organizer"), Note: g("related", i, "note"), Event: g("related", i, "event")})
	}
	f.SharedPick = r.PostForm["share"]
	f.LeadsToTitle = r.PostFormValue("leads_to_event")
}

// pickerInput adds the rows to in (after the text import's lines),
// resolving organisations and events by name.
func (h *Handler) pickerInput(f eventForm, events eventChoices, in *model.EventInput, p model.Problems) {
	cat := h.svc.Directory.Catalog()
	for _, row := range f.PartnerRows {
		if strings.TrimSpace(row.Org) == "" && len(row.Roles) == 0 {
			continue
		}
		in.Partners = append(in.Partners, model.PartnerInput{Org: pickedCode(cat, row.Org), Roles: row.Roles})
	}
	for _, row := range f.ContactRows {
		if (contactFormRow{Audience: row.Audience}) == row {
			continue
		}
		in.Contacts = append(in.Contacts, model.ContactInput{Org: pickedCode(cat, row.Org), Name: row.Name, Role: row.Role, Email: row.Email, Phone: row.Phone, Audience: row.Audience})
	}
	for i, row := range f.RelatedRows {
		if strings.TrimSpace(row.Title+row.Event+row.Organizer+row.Note) == "" {
			continue
		}
		ri := model.RelatedInput{Relation: row.Relation, Title: strings.TrimSpace(row.Title), Note: row.Note}
		if o := strings.TrimSpace(row.Organizer); o != "" {
			ri.Organizers = []string{pickedCode(cat, o)}
		}
		if strings.TrimSpace(row.Event) != "" {
			id, ok := events.resolve(row.Event)
			if !ok {
				p.Add("related_events", "row %d: no event you may read is called %q; choose one from the list", i+1, strings.TrimSpace(row.Event))
				continue
			}
			ri.EventID = id
			if ri.Title == "" {
				ri.Title = strings.TrimSpace(row.Event)
				if j := strings.LastIndex(ri.Title, " ("); j > 0 {
					ri.Title = ri.Title[:j]
				}
			}
		}
		in.Related = append(in.Related, ri)
	}
	for _, code := range f.SharedPick {
		if !slices.Contains(in.SharedWith, code) {
			in.SharedWith = append(in.SharedWith, code)
		}
	}
	if s := strings.TrimSpace(f.LeadsToTitle); s != "" {
		if id, ok := events.resolve(s); ok {
			in.LeadsTo = id
		} else {
			p.Add("leads_to", "no event you may read is called %q; choose one from the list", s)
		}
	}
}

// rowsOf fills the picker's rows from an event's input (to edit it).
func (h *Handler) rowsOf(r *http.Request, in model.EventInput, events eventChoices, f *eventForm) {
	cat, lang := h.svc.Directory.Catalog(), h.printer(r).Lang().Code
	f.Picker = true
	for _, p := range in.Partners {
		f.PartnerRows = append(f.PartnerRows, partnerFormRow{Org: delegationLabel(cat, lang, p.Org), Roles: p.Roles})
	}
	for _, c := range in.Contacts {
		f.ContactRows = append(f.ContactRows, contactFormRow{Org: delegationLabel(cat, lang, c.Org), Name: c.Name, Role: c.Role, Email: c.Email, Phone: c.Phone, Audience: c.Audience})
	}
	for _, rel := range in.Related {
		row := relatedFormRow{Relation: rel.Relation, Title: rel.Title, Note: rel.Note}
		if len(rel.Organizers) > 0 {
			row.Organizer = delegationLabel(cat, lang, rel.Organizers[0])
		}
		if rel.EventID != 0 {
			row.Event = events.label(rel.EventID)
		}
		f.RelatedRows = append(f.RelatedRows, row)
	}
	f.SharedPick = in.SharedWith
	if in.LeadsTo != 0 {
		f.LeadsToTitle = events.label(in.LeadsTo)
	}
	// The text import starts empty: the rows hold the lists.
	f.Partners, f.Contacts, f.Related, f.SharedWith, f.LeadsTo = "", "", "", "", ""
}

// fillFormPickers gives the event form its choices and a blank row in
// each repeating fieldset (one more in the one asked for by "Add another").
func (h *Handler) fillFormPickers(r *http.Request, p *eventFormPage, events eventChoices, more string) {
	cat := h.svc.Directory.Catalog()
	p.Delegations = delegationPicks(cat, h.printer(r).Lang().Code)
	p.Events = events.Picks
	p.Roles, p.Relations, p.ContactAudiences = model.PartnerRoles, model.Relations, model.Audiences
	for _, g := range cat.Groups {
		p.ShareChoices = append(p.ShareChoices, shareChoice{Code: g.Code, Name: g.Name, Group: true, Checked: slices.Contains(p.Input.SharedPick, g.Code)})
	}
	for _, o := range cat.Organizations {
		if o.Parent != "" && cat.State(o.Parent) != nil {
			continue // a State's programme is shared through the State
		}
		p.ShareChoices = append(p.ShareChoices, shareChoice{Code: o.Code, Name: o.Name, Checked: slices.Contains(p.Input.SharedPick, o.Code)})
	}
	extra := func(kind string) int {
		if kind == more {
			return blankRows + 1
		}
		return blankRows
	}
	for range extra("partners") {
		p.Input.PartnerRows = append(p.Input.PartnerRows, partnerFormRow{})
	}
	for range extra("contacts") {
		p.Input.ContactRows = append(p.Input.ContactRows, contactFormRow{Audience: string(model.AudienceConfirmed)})
	}
	for range extra("related") {
		p.Input.RelatedRows = append(p.Input.RelatedRows, relatedFormRow{Relation: string(model.RelRelated)})
	}
	// States named in the sharing list are not among the checkboxes: they
	// stay in the text field (an import), so nothing is lost on editing.
	var states []string
	for _, c := range p.Input.SharedPick {
		if cat.State(c) != nil {
			states = append(states, c)
		}
	}
	if len(states) > 0 && p.Input.SharedWith == "" {
		p.Input.SharedWith = strings.Join(states, ", ")
	}
}

type shareChoice struct {
	Code, Name string
	Group      bool
	Checked    bool
}

// defaultZone is the time zone a new event of org starts with: the zone
// of the organisation's most recent event the reader may read (its own
// practice: RACVIAC's workshops are in Europe/Zagreb), else UTC; source
// names that event, for the hint.
func (h *Handler) defaultZone(r *http.Request, org string) (zone, source string) {
	evs, err := h.svc.Events.List(r.Context(), service.ViewerFrom(r.Context()), service.EventQuery{})
	if err != nil {
		return "UTC", ""
	}
	var latest *model.Event
	for i := range evs {
		e := &evs[i]
		if e.Organizer == org && e.TimeZone != "" && (latest == nil || e.CreatedAt.After(latest.CreatedAt)) {
			latest = e
		}
	}
	if latest == nil {
		return "UTC", ""
	}
	return latest.TimeZone, latest.Title
}

// actionChoices are the actions of the plans of the event's invited
// States that the reader may read (through NAPs.List and NAPs.Actions,
// the one policy), as "Action title — State: plan title", and a resolver
// back to the action.
func (h *Handler) actionChoices(r *http.Request, quotas []service.QuotaView) ([]pick, map[string]int64, error) {
	var states []string
	for _, q := range quotas {
		if q.Delegation.State {
			states = append(states, q.Org)
		}
	}
	byValue := map[string]int64{}
	var picks []pick
	if len(states) == 0 {
		return nil, byValue, nil
	}
	v := service.ViewerFrom(r.Context())
	plans, err := h.svc.NAPs.List(r.Context(), v, model.NAPFilter{States: states, ExcludeWithdrawn: true})
	if err != nil {
		return nil, nil, err
	}
	for _, n := range plans {
		acts, err := h.svc.NAPs.Actions(r.Context(), v, n.ID)
		if err != nil {
			return nil, nil, err
		}
		for _, a := range acts {
			val := a.Title + " — " + n.StateName + ": " + n.Title
			if _, dup := byValue[val]; dup || len(picks) >= maxEventChoices {
				continue
			}
			byValue[val] = a.ID
			picks = append(picks, pick{Value: val, Label: n.State})
		}
	}
	return picks, byValue, nil
}

// pickedAction reads the follow-up form's NAP action: the picker's text
// (resolved among the actions the reader may read), else the number a
// client may still send.
func (h *Handler) pickedAction(r *http.Request, quotas []service.QuotaView) (int64, error) {
	s := strings.TrimSpace(r.PostFormValue("nap_action"))
	if s == "" {
		return napActionField(r)
	}
	_, byValue, err := h.actionChoices(r, quotas)
	if err != nil {
		return 0, err
	}
	if id, ok := byValue[s]; ok {
		return id, nil
	}
	return 0, model.Problems{"nap_action_id": "choose the NAP action from the list (actions of the invited States' plans you may read), or leave it empty"}
}
