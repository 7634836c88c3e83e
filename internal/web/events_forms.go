package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"napx/internal/model"
	"napx/internal/service"
)

// eventForm is the event form's fields as text. Structured lists are one
// entry per line, parts separated by "|".
type eventForm struct {
	Kind, Code, Title, Organizer                                  string
	Start, End, ArrivalDays, DepartureDays, TimeZone              string
	VenueName, VenueAddress, VenuePhone, VenueFax, VenueWeb       string
	Languages, Background, Purpose, Objectives, Methodology       string
	Participation, MaterialsNote, Target, OpenSeats, OpenGroup    string
	NominationDeadline, Visibility, SharedWith, LeadsTo, Partners string
	Related, Contacts, Version                                    string
	Source, SourceURL                                             string // what records an event recorded from the past
	TextLanguage                                                  string // the language of its texts (issue 17)
	// The nomination form on the participants page.
	Name, Function string
	// The pickers (issue 18, item 3): the form sent rows, not only text.
	Picker       bool
	PartnerRows  []partnerFormRow
	ContactRows  []contactFormRow
	RelatedRows  []relatedFormRow
	SharedPick   []string
	LeadsToTitle string
	ZoneSource   string // where the default time zone came from
}

func joinLines(ss []string) string { return strings.Join(ss, "\n") }

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

var listSep = regexp.MustCompile(`[,;\s]+`)

func codeList(s string) []string {
	var out []string
	for _, c := range listSep.Split(strings.TrimSpace(s), -1) {
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}

func commaList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func formOf(in model.EventInput) eventForm {
	f := eventForm{Kind: in.Kind, Code: in.Code, Title: in.Title, Organizer: in.Organizer, Start: in.Start, End: in.End,
		ArrivalDays: strings.Join(in.ArrivalDays, ", "), DepartureDays: strings.Join(in.DepartureDays, ", "), TimeZone: in.TimeZone,
		VenueName: in.Venue.Name, VenueAddress: in.Venue.Address, VenuePhone: in.Venue.Phone, VenueFax: in.Venue.Fax, VenueWeb: in.Venue.Web,
		Languages: strings.Join(in.Languages, ", "), Background: in.Background, Purpose: in.Purpose, Objectives: joinLines(in.Objectives),
		Methodology: in.Methodology, Participation: in.Participation, MaterialsNote: in.MaterialsNote,
		Target: strconv.Itoa(in.Target), OpenSeats: strconv.Itoa(in.OpenSeats), OpenGroup: in.OpenGroup,
		NominationDeadline: in.NominationDeadline, Visibility: in.Visibility, SharedWith: strings.Join(in.SharedWith, ", "),
		Version: strconv.FormatInt(in.Version, 10), Source: in.Source, SourceURL: in.SourceURL}
	if in.LeadsTo != 0 {
		f.LeadsTo = strconv.FormatInt(in.LeadsTo, 10)
	}
	var ls []string
	for _, p := range in.Partners {
		ls = append(ls, p.Org+": "+strings.Join(p.Roles, ", "))
	}
	f.Partners = joinLines(ls)
	ls = nil
	for _, r := range in.Related {
		l := r.Relation + " | " + r.Title + " | " + strings.Join(r.Organizers, ", ") + " | " + r.Note
		if r.EventID != 0 {
			l += " | " + strconv.FormatInt(r.EventID, 10)
		}
		ls = append(ls, strings.TrimRight(l, " |"))
	}
	f.Related = joinLines(ls)
	ls = nil
	for _, c := range in.Contacts {
		ls = append(ls, strings.TrimRight(strings.Join([]string{c.Org, c.Name, c.Role, c.Email, c.Phone, c.Audience}, " | "), " |"))
	}
	f.Contacts = joinLines(ls)
	return f
}

func formFrom(r *http.Request) eventForm {
	g := func(k string) string { return r.PostFormValue(k) }
	return eventForm{Kind: g("kind"), Code: g("code"), Title: g("title"), Organizer: g("organizer"), Start: g("start"), End: g("end"),
		ArrivalDays: g("arrival_days"), DepartureDays: g("departure_days"), TimeZone: g("time_zone"), VenueName: g("venue_name"),
		VenueAddress: g("venue_address"), VenuePhone: g("venue_phone"), VenueFax: g("venue_fax"), VenueWeb: g("venue_web"),
		Languages: g("languages"), Background: g("background"), Purpose: g("purpose"), Objectives: g("objectives"), Methodology: g("methodology"),
		Participation: g("participation"), MaterialsNote: g("materials_note"), Target: g("target"), OpenSeats: g("open_seats"),
		OpenGroup: g("open_group"), NominationDeadline: g("nomination_deadline"), Visibility: g("visibility"), SharedWith: g("shared_with"),
		LeadsTo: g("leads_to"), Partners: g("partners"), Related: g("related_events"), Contacts: g("contacts"), Version: g("version"),
		Source: g("source"), SourceURL: g("source_url"), TextLanguage: g("text_language")}
}

// formFromRequest is formFrom with the pickers' rows when the form sent them.
func formFromRequest(r *http.Request) eventForm {
	f := formFrom(r)
	if r.PostFormValue("picker") == "1" {
		rowsFrom(r, &f)
	}
	return f
}

// input turns the form into an event input; problems of form (a number
// that is not one, a line with too many parts) are reported by field.
func (f eventForm) input() (model.EventInput, model.Problems) {
	p := model.Problems{}
	in := model.EventInput{Kind: f.Kind, Code: f.Code, Title: f.Title, Organizer: f.Organizer, Start: f.Start, End: f.End,
		ArrivalDays: commaList(f.ArrivalDays), DepartureDays: commaList(f.DepartureDays), TimeZone: f.TimeZone,
		Venue:     model.Venue{Name: f.VenueName, Address: f.VenueAddress, Phone: f.VenuePhone, Fax: f.VenueFax, Web: f.VenueWeb},
		Languages: commaList(f.Languages), Background: f.Background, Purpose: f.Purpose, Objectives: lines(f.Objectives),
		Methodology: f.Methodology, Participation: f.Participation, MaterialsNote: f.MaterialsNote, OpenGroup: f.OpenGroup,
		NominationDeadline: f.NominationDeadline, Visibility: f.Visibility, SharedWith: codeList(f.SharedWith), Source: f.Source, SourceURL: f.SourceURL,
		TextLanguage: f.TextLanguage}
	num := func(field, s string) int {
		s = strings.TrimSpace(s)
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			p.Add(field, "enter a whole number")
		}
		return n
	}
	in.Target, in.OpenSeats = num("target", f.Target), num("open_seats", f.OpenSeats)
	in.LeadsTo = int64(num("leads_to", f.LeadsTo))
	in.Version = int64(num("version", f.Version))
	for i, l := range lines(f.Partners) {
		org, roles, ok := strings.Cut(l, ":")
		if !ok {
			p.Add("partners", "line %d: write the organisation's code, a colon, then its roles (e.g. UNODA: support, expertise)", i+1)
			continue
		}
		in.Partners = append(in.Partners, model.PartnerInput{Org: strings.TrimSpace(org), Roles: codeList(strings.ReplaceAll(roles, "key speakers", "key-speakers"))})
	}
	for i, l := range lines(f.Related) {
		parts := strings.Split(l, "|")
		if len(parts) < 2 || len(parts) > 5 {
			p.Add("related_events", "line %d: write relation | title | organisers | note | event number", i+1)
			continue
		}
		for len(parts) < 5 {
			parts = append(parts, "")
		}
		ri := model.RelatedInput{Relation: strings.TrimSpace(parts[0]), Title: strings.TrimSpace(parts[1]), Organizers: codeList(parts[2]), Note: strings.TrimSpace(parts[3])}
		if s := strings.TrimSpace(parts[4]); s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				p.Add("related_events", "line %d: the event number is not a number", i+1)
			}
			ri.EventID = n
		}
		in.Related = append(in.Related, ri)
	}
	for i, l := range lines(f.Contacts) {
		parts := strings.Split(l, "|")
		if len(parts) < 2 || len(parts) > 6 {
			p.Add("contacts", "line %d: write organisation | name | role | e-mail | phone | audience", i+1)
			continue
		}
		for len(parts) < 6 {
			parts = append(parts, "")
		}
		in.Contacts = append(in.Contacts, model.ContactInput{Org: strings.TrimSpace(parts[0]), Name: strings.TrimSpace(parts[1]), Role: strings.TrimSpace(parts[2]),
			Email: strings.TrimSpace(parts[3]), Phone: strings.TrimSpace(parts[4]), Audience: strings.TrimSpace(parts[5])})
	}
	return in, p
}

var fieldIndex = regexp.MustCompile(`^([a-z_]+)(?:\[(\d+)\])?(?:\.([a-z_]+))?$`)

// formProblems maps the service's field names (partners[0].roles,
// venue.web) onto the form's fields, so each message links to its field.
func formProblems(p model.Problems) model.Problems {
	out := model.Problems{}
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		m := fieldIndex.FindStringSubmatch(k)
		switch {
		case m == nil:
			out.Add(k, "%s", p[k])
		case m[1] == "venue":
			out.Add("venue_"+m[3], "%s", p[k])
		case m[2] != "":
			n, _ := strconv.Atoi(m[2])
			out.Add(m[1], "line %d: %s", n+1, p[k])
		default:
			out.Add(m[1], "%s", p[k])
		}
	}
	return out
}

type eventFormPage struct {
	Base
	EventID      int64
	Input        eventForm
	Kinds        []model.EventKind
	Visibilities []model.Visibility
	Current      *eventForm // on a conflict: the event as it is now
	Diff         []diffRow
	// The pickers' choices.
	Delegations      []pick
	Events           []pick
	Roles            []model.PartnerRole
	Relations        []model.Relation
	ContactAudiences []model.Audience
	ShareChoices     []shareChoice
}

type diffRow struct{ Field, Yours, Theirs string }

func (h *Handler) formPage(p *eventFormPage) *eventFormPage {
	p.Kinds, p.Visibilities = model.EventKinds, model.Visibilities
	p.Section = "events"
	return p
}

func (h *Handler) newEvent(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	if !v.Role().AtLeast(model.RoleEditor) {
		return model.ErrForbidden
	}
	p := h.formPage(&eventFormPage{Input: eventForm{Organizer: v.Org(), Visibility: string(model.VisParticipants), Kind: string(model.KindWorkshop),
		TimeZone: "UTC", Target: "0", OpenSeats: "0", Picker: true, TextLanguage: newTextLanguage(r)}})
	events, err := h.eventChoices(r)
	if err != nil {
		return err
	}
	p.Input.TimeZone, p.Input.ZoneSource = h.defaultZone(r, v.Org())
	h.fillFormPickers(r, p, events, "")
	p.Title = h.printer(r).T("eventform.new")
	return h.render(w, r, http.StatusOK, "event_form", p)
}

func (h *Handler) createEvent(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	f := formFromRequest(r)
	if f.Organizer == "" {
		f.Organizer = v.Org()
	}
	events, err := h.eventChoices(r)
	if err != nil {
		return err
	}
	if more := r.PostFormValue("add_row"); more != "" && f.Picker {
		page := h.formPage(&eventFormPage{Input: f})
		h.fillFormPickers(r, page, events, more)
		page.Title = h.printer(r).T("eventform.new")
		return h.render(w, r, http.StatusOK, "event_form", page)
	}
	in, probs := f.input()
	if f.Picker {
		h.pickerInput(f, events, &in, probs)
	}
	var ev service.EventView
	if len(probs) == 0 {
		ev, err = h.svc.Events.Create(r.Context(), v, in)
	} else {
		err = probs
	}
	if p, ok := model.AsProblems(err); ok {
		page := h.formPage(&eventFormPage{Input: f})
		if f.Picker {
			h.fillFormPickers(r, page, events, "")
		}
		page.Title, page.Problems = h.printer(r).T("eventform.new"), languageField(formProblems(p))
		return h.render(w, r, http.StatusUnprocessableEntity, "event_form", page)
	}
	if err != nil {
		return err
	}
	redirect(w, r, fmt.Sprintf("/events/%d/manage?done=event-created", ev.ID), http.StatusSeeOther)
	return nil
}

func (h *Handler) editEvent(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	in, err := h.svc.Events.InputOf(r.Context(), service.ViewerFrom(r.Context()), id)
	if err != nil {
		return err
	}
	events, err := h.eventChoices(r)
	if err != nil {
		return err
	}
	p := h.formPage(&eventFormPage{EventID: id, Input: formOf(in)})
	if p.Input.TextLanguage, err = h.recordLanguage(r, "event", id); err != nil {
		return err
	}
	h.rowsOf(r, in, events, &p.Input)
	h.fillFormPickers(r, p, events, "")
	p.Title = h.printer(r).T("eventform.edit.title", in.Title)
	return h.render(w, r, http.StatusOK, "event_form", p)
}

func (h *Handler) updateEvent(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	v := service.ViewerFrom(r.Context())
	cur, err := h.svc.Events.InputOf(r.Context(), v, id)
	if err != nil {
		return err
	}
	f := formFromRequest(r)
	f.Organizer = cur.Organizer
	events, err := h.eventChoices(r)
	if err != nil {
		return err
	}
	page := h.formPage(&eventFormPage{EventID: id, Input: f})
	page.Title = h.printer(r).T("eventform.edit.title", cur.Title)
	if more := r.PostFormValue("add_row"); more != "" && f.Picker {
		h.fillFormPickers(r, page, events, more)
		return h.render(w, r, http.StatusOK, "event_form", page)
	}
	in, probs := f.input()
	if f.Picker {
		h.pickerInput(f, events, &in, probs)
	}
	if len(probs) == 0 {
		_, err = h.svc.Events.Update(r.Context(), v, id, service.Given(in))
	} else {
		err = probs
	}
	if f.Picker && err != nil {
		h.fillFormPickers(r, page, events, "")
	}
	var conflict *model.ConflictError
	switch {
	case errors.As(err, &conflict):
		now, gerr := h.svc.Events.InputOf(r.Context(), v, id)
		if gerr != nil {
			return gerr
		}
		nf := formOf(now)
		page.Current = &nf
		page.Diff = diffForms(formOf(in), nf)
		page.Input.Version = nf.Version // saving again overwrites, knowingly
		return h.render(w, r, http.StatusConflict, "event_form", page)
	case err != nil:
		if p, ok := model.AsProblems(err); ok {
			page.Problems = languageField(formProblems(p))
			return h.render(w, r, http.StatusUnprocessableEntity, "event_form", page)
		}
		return err
	}
	redirect(w, r, fmt.Sprintf("/events/%d?done=event-saved", id), http.StatusSeeOther)
	return nil
}

func diffForms(a, b eventForm) []diffRow {
	rows := []struct {
		name string // the form's own label (a key of the catalogue)
		x, y string
	}{
		{"eventform.kind", a.Kind, b.Kind}, {"eventform.code", a.Code, b.Code}, {"eventform.title", a.Title, b.Title}, {"eventform.start", a.Start, b.Start}, {"eventform.end", a.End, b.End},
		{"eventform.arrival", a.ArrivalDays, b.ArrivalDays}, {"eventform.departure", a.DepartureDays, b.DepartureDays}, {"eventform.zone", a.TimeZone, b.TimeZone},
		{"eventform.venue", a.VenueName, b.VenueName}, {"eventform.address", a.VenueAddress, b.VenueAddress}, {"eventform.phone", a.VenuePhone, b.VenuePhone},
		{"eventform.fax", a.VenueFax, b.VenueFax}, {"eventform.web", a.VenueWeb, b.VenueWeb}, {"eventform.languages", a.Languages, b.Languages},
		{"eventform.background", a.Background, b.Background}, {"eventform.purpose", a.Purpose, b.Purpose}, {"eventform.objectives", a.Objectives, b.Objectives},
		{"eventform.methodology", a.Methodology, b.Methodology}, {"eventform.participation", a.Participation, b.Participation},
		{"eventform.materials", a.MaterialsNote, b.MaterialsNote}, {"eventform.target", a.Target, b.Target}, {"eventform.open_seats", a.OpenSeats, b.OpenSeats},
		{"eventform.open_group", a.OpenGroup, b.OpenGroup}, {"eventform.deadline", a.NominationDeadline, b.NominationDeadline},
		{"eventform.visibility", a.Visibility, b.Visibility}, {"eventform.share", a.SharedWith, b.SharedWith}, {"eventform.leads_to", a.LeadsTo, b.LeadsTo},
		{"eventform.partners", a.Partners, b.Partners}, {"eventform.related", a.Related, b.Related}, {"eventform.contacts", a.Contacts, b.Contacts},
	}
	var out []diffRow
	for _, r := range rows {
		if strings.TrimSpace(strings.ReplaceAll(r.x, "\r\n", "\n")) != strings.TrimSpace(r.y) {
			out = append(out, diffRow{r.name, r.x, r.y})
		}
	}
	return out
}

// managePage is the organiser's page: quotas, agenda, materials,
// outcomes and follow-ups.
type managePage struct {
	eventPage
	QuotaText     string
	Session       model.SessionInput
	SessionChairs string
	SessionSpeak  string
	MaterialKinds []model.MaterialKind
	Audiences     []model.Audience
	Material      model.MaterialInput
	Lesson        model.LessonInput
	FollowUp      model.FollowUpInput
	Form          string // which form the problems belong to
	// The quota picker (issue 18, item 3): rows of delegations and of
	// groups with their seats, the choices, and the import text.
	QuotaOrgs, QuotaGroups []quotaRow
	Delegations            []pick
	GroupChoices           []pick
	// The nomination form's questions (issue 18, item 9).
	FieldChoices []model.NominationField
	Asked        map[model.NominationField]string
	Actions      []pick // NAP actions a follow-up may name, by title
}

func (h *Handler) managePage(r *http.Request, id int64) (*managePage, error) {
	ep, err := h.eventPage(r, id)
	if err != nil {
		return nil, err
	}
	if !ep.Ev.CanOrganise {
		if !ep.Viewer.SignedIn() && !service.ViewerFrom(r.Context()).SignedIn() {
			return nil, model.ErrUnauthenticated
		}
		return nil, model.ErrForbidden
	}
	p := &managePage{eventPage: *ep, MaterialKinds: model.MaterialKinds, Audiences: model.Audiences}
	p.Title = h.printer(r).T("manage.title", ep.Ev.Title)
	var ls []string
	groups := map[string]int{}
	for _, q := range ep.Ev.Quotas {
		if q.ViaGroup != "" {
			if n, ok := groups[q.ViaGroup]; ok && n == q.Seats {
				continue
			}
			groups[q.ViaGroup] = q.Seats
			ls = append(ls, fmt.Sprintf("group %s %d", q.ViaGroup, q.Seats))
			continue
		}
		ls = append(ls, fmt.Sprintf("%s %d", q.Org, q.Seats))
	}
	p.QuotaText = joinLines(ls)
	if p.Actions, _, err = h.actionChoices(r, ep.Ev.Quotas); err != nil {
		return nil, err
	}
	qOrgs, qGroups := h.quotaRowsOf(r, ep.Ev.Quotas)
	h.fillPickers(r, p, qOrgs, qGroups, 0)
	p.Session.Day = ep.Ev.Start.String()
	p.Material.Audience = string(model.AudienceConfirmed)
	p.FollowUp.Status = string(model.FollowUpOpen)
	return p, nil
}

func (h *Handler) manageEvent(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.managePage(r, id)
	if err != nil {
		return err
	}
	p.FlashOn = FlashOn{Record: p.Ev.Title}
	return h.render(w, r, http.StatusOK, "event_manage", p)
}

// manageFailed shows the manage page again with the problems of one form.
func (h *Handler) manageFailed(w http.ResponseWriter, r *http.Request, id int64, form string, err error, fill func(*managePage)) error {
	probs, ok := model.AsProblems(err)
	if !ok {
		return err
	}
	p, perr := h.managePage(r, id)
	if perr != nil {
		return perr
	}
	p.Problems, p.Form = prefixProblems(form, probs), form
	if fill != nil {
		fill(p)
	}
	return h.render(w, r, http.StatusUnprocessableEntity, "event_manage", p)
}

// prefixProblems names each field of a manage-page form by its form, so
// the links reach the right field (the page has several forms).
func prefixProblems(form string, p model.Problems) model.Problems {
	out := model.Problems{}
	for k, m := range p {
		base := fieldIndex.FindStringSubmatch(k)
		name := k
		if base != nil {
			name = base[1]
		}
		if strings.HasPrefix(k, "[") {
			name = "quotas"
		}
		out.Add(form+"-"+name, "%s", m)
	}
	return out
}

func (h *Handler) setQuotas(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	// The picker's rows; the text of the "import for power users" only
	// when it was opened and used (no row filled).
	cat := h.svc.Directory.Catalog()
	orgs, groups := quotaRowsFrom(r, "quota_org", "quota_seats"), quotaRowsFrom(r, "group_code", "group_seats")
	if r.PostFormValue("add_row") != "" {
		if _, gerr := h.svc.Events.InputOf(r.Context(), service.ViewerFrom(r.Context()), id); gerr != nil {
			return gerr
		}
		p, perr := h.managePage(r, id)
		if perr != nil {
			return perr
		}
		h.fillPickers(r, p, orgs, groups, 1)
		return h.render(w, r, http.StatusOK, "event_manage", p)
	}
	text := r.PostFormValue("quotas")
	var qs []model.QuotaInput
	var probs model.Problems
	_, picker := r.PostForm["quota_org"]
	useText := r.PostFormValue("import") != "" || !picker // a client posting the text alone keeps working
	if useText {
		qs, probs = parseQuotaLines(text)
	} else {
		qs, probs = quotaInputs(cat, orgs, groups)
	}
	if len(probs) == 0 {
		_, err = h.svc.Events.SetQuotas(r.Context(), service.ViewerFrom(r.Context()), id, service.Given(qs))
	} else {
		if _, gerr := h.svc.Events.InputOf(r.Context(), service.ViewerFrom(r.Context()), id); gerr != nil {
			return gerr
		}
		err = probs
	}
	if err != nil {
		if p, ok := model.AsProblems(err); ok {
			// Entries are reported as [i].field; say which line.
			lp := model.Problems{}
			for k, m := range p {
				if strings.HasPrefix(k, "[") {
					n, _ := strconv.Atoi(strings.TrimPrefix(strings.SplitN(k, "]", 2)[0], "["))
					lp.Add("quotas", "line %d: %s", n+1, m)
					continue
				}
				lp.Add(k, "%s", m)
			}
			err = lp
		}
		return h.manageFailed(w, r, id, "quota", err, func(p *managePage) {
			p.QuotaText = text
			if !useText {
				h.fillPickers(r, p, orgs, groups, 0)
			}
		})
	}
	redirect(w, r, fmt.Sprintf("/events/%d/manage?done=quotas-saved", id), http.StatusSeeOther)
	return nil
}

func (h *Handler) nominate(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	v := service.ViewerFrom(r.Context())
	in := model.NominationInput{Org: v.Org(), Name: r.PostFormValue("name"), Function: r.PostFormValue("function"), Details: detailsFrom(r)}
	pv, err := h.svc.Events.Nominate(r.Context(), v, id, service.Given(in))
	if p, ok := model.AsProblems(err); ok {
		page, perr := h.eventPage(r, id)
		if perr != nil {
			return perr
		}
		h.participantsTitle(r, page)
		page.Problems = detailProblems(p)
		if in.Details != nil {
			page.Details = *in.Details
		}
		page.Input = eventForm{Name: in.Name, Function: in.Function}
		return h.render(w, r, http.StatusUnprocessableEntity, "event_participants", page)
	}
	if err != nil {
		return err
	}
	done := "nominated"
	if pv.Status == model.StatusWaitlisted {
		done = "waitlisted"
	}
	redirect(w, r, fmt.Sprintf("/events/%d/participants?done=%s&p=%d#delegation-%s", id, done, pv.ID, pv.Org), http.StatusSeeOther)
	return nil
}

func (h *Handler) changeParticipant(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	pid, err := eventID(r, "pid")
	if err != nil {
		return err
	}
	in := model.ParticipantPatch{Status: r.PostFormValue("status"), Name: r.PostFormValue("name"), Function: r.PostFormValue("function"),
		Note: r.PostFormValue("note")}
	in.Version = formVersion(r)
	if strings.TrimSpace(in.Status) == string(model.StatusWithdrawn) {
		// A withdrawal is confirmed on its own page (issue 18, item 2):
		// after the same decision as the act, the form leads there and
		// changes nothing.
		if _, err := h.confirmation(r, "participant.withdraw", refDelegate); err != nil {
			return err
		}
		redirect(w, r, fmt.Sprintf("/events/%d/participants/%d/withdraw", id, pid), http.StatusSeeOther)
		return nil
	}
	_, err = h.svc.Events.ChangeParticipant(r.Context(), service.ViewerFrom(r.Context()), id, pid, service.Given(in))
	if err != nil {
		var conflict *model.ConflictError
		_, isProblem := model.AsProblems(err)
		if !isProblem && !errors.As(err, &conflict) {
			return err
		}
		page, perr := h.eventPage(r, id)
		if perr != nil {
			return perr
		}
		h.participantsTitle(r, page)
		status := http.StatusUnprocessableEntity
		if conflict != nil {
			page.Problems = model.Problems{}
			page.Problems.Add(fmt.Sprintf("p%d", pid), "%s. The list below is as it is now; nothing was changed.", conflictText(h.printer(r), conflict))
			status = http.StatusConflict
		} else {
			p, _ := model.AsProblems(err)
			page.Problems = model.Problems{}
			for k, m := range p {
				page.Problems.Add(fmt.Sprintf("p%d", pid), "%s: %s", k, m)
			}
		}
		return h.render(w, r, status, "event_participants", page)
	}
	redirect(w, r, fmt.Sprintf("/events/%d/participants?done=participant-saved&p=%d#p%d", id, pid, pid), http.StatusSeeOther)
	return nil
}

func people(s string) []model.PersonInput {
	var out []model.PersonInput
	for _, l := range strings.Split(s, ";") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if strings.Contains(l, "@") && !strings.ContainsAny(l, " (") {
			out = append(out, model.PersonInput{Account: l})
			continue
		}
		name, org := l, ""
		if i := strings.LastIndex(l, "("); i > 0 && strings.HasSuffix(l, ")") {
			name, org = strings.TrimSpace(l[:i]), strings.TrimSpace(l[i+1:len(l)-1])
		}
		out = append(out, model.PersonInput{Name: name, Org: org})
	}
	return out
}

func (h *Handler) addSession(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	chairs, speakers := r.PostFormValue("chairs"), r.PostFormValue("speakers")
	in := model.SessionInput{Day: r.PostFormValue("day"), Starts: r.PostFormValue("starts"), Ends: r.PostFormValue("ends"),
		Title: r.PostFormValue("title"), Description: r.PostFormValue("description"), Location: r.PostFormValue("location"),
		Chairs: people(chairs), Speakers: people(speakers)}
	if _, err := h.svc.Events.AddSession(r.Context(), service.ViewerFrom(r.Context()), id, service.Given(in)); err != nil {
		return h.manageFailed(w, r, id, "session", err, func(p *managePage) {
			p.Session, p.SessionChairs, p.SessionSpeak = in, chairs, speakers
		})
	}
	redirect(w, r, fmt.Sprintf("/events/%d/manage?done=session-added#agenda", id), http.StatusSeeOther)
	return nil
}

func (h *Handler) deleteSession(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	sid, err := eventID(r, "sid")
	if err != nil {
		return err
	}
	if err := h.svc.Events.DeleteSession(r.Context(), service.ViewerFrom(r.Context()), id, sid); err != nil {
		return err
	}
	redirect(w, r, fmt.Sprintf("/events/%d/manage?done=session-removed#agenda", id), http.StatusSeeOther)
	return nil
}

func (h *Handler) addMaterial(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	// Who may upload is settled before the upload is read.
	if _, err := h.svc.Events.InputOf(r.Context(), service.ViewerFrom(r.Context()), id); err != nil {
		return err
	}
	if err := r.ParseMultipartForm(8 << 20); err != nil { // #nosec G120 -- the body is bounded by the route's limit (httpx.LimitBodies, MaxBytesReader)
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return model.Problems{"file": "the upload could not be read; send the form again"}
	}
	in := model.MaterialInput{Title: r.PostFormValue("title"), Kind: r.PostFormValue("kind"), URL: r.PostFormValue("url"),
		Audience: r.PostFormValue("audience"), ReleaseAt: r.PostFormValue("release_at")}
	if s := r.PostFormValue("session"); s != "" {
		in.SessionID, _ = strconv.ParseInt(s, 10, 64)
	}
	if file, hdr, ferr := r.FormFile("file"); ferr == nil {
		defer func() { _ = file.Close() }()
		b, rerr := io.ReadAll(io.LimitReader(file, model.MaxMaterialBytes+1))
		if rerr != nil {
			return rerr
		}
		in.Content, in.Filename, in.ContentType = b, hdr.Filename, hdr.Header.Get("Content-Type")
	}
	if _, err := h.svc.Events.AddMaterial(r.Context(), service.ViewerFrom(r.Context()), id, service.Given(in)); err != nil {
		return h.manageFailed(w, r, id, "material", err, func(p *managePage) {
			in.Content = nil
			p.Material = in
		})
	}
	redirect(w, r, fmt.Sprintf("/events/%d/manage?done=material-added#materials", id), http.StatusSeeOther)
	return nil
}

func (h *Handler) deleteMaterial(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	mid, err := eventID(r, "mid")
	if err != nil {
		return err
	}
	if err := h.svc.Events.DeleteMaterial(r.Context(), service.ViewerFrom(r.Context()), id, mid); err != nil {
		return err
	}
	redirect(w, r, fmt.Sprintf("/events/%d/manage?done=material-removed#materials", id), http.StatusSeeOther)
	return nil
}

func (h *Handler) addLesson(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	in := model.LessonInput{Title: r.PostFormValue("title"), Body: r.PostFormValue("body"), Org: pickedCode(h.svc.Directory.Catalog(), r.PostFormValue("org"))}
	if _, err := h.svc.Events.AddLesson(r.Context(), service.ViewerFrom(r.Context()), id, service.Given(in)); err != nil {
		return h.manageFailed(w, r, id, "lesson", err, func(p *managePage) { p.Lesson = in })
	}
	redirect(w, r, fmt.Sprintf("/events/%d/manage?done=lesson-added#outcomes", id), http.StatusSeeOther)
	return nil
}
