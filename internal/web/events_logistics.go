package web

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"napx/internal/httpx"
	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/service"
)

// Workshop logistics and the seat-quota picker (issue 18, items 3 and 9).

func (h *Handler) registerLogistics(rt *httpx.Router) {
	rt.Handle("POST", "/events/{id}/nomination-fields", h.wrap(h.setNominationFields))
	rt.Handle("POST", "/events/{id}/participants/confirm", h.wrap(h.confirmNominations))
}

// pick is one choice of a picker: what the reader reads, and the value
// the form sends.
type pick struct{ Value, Label string }

// quotaRow is one row of the quota picker: a delegation and its seats.
type quotaRow struct{ Org, Seats string }

// blankQuotaRows is how many empty rows the picker offers without
// JavaScript; "Add another row" re-renders with one more.
const blankQuotaRows = 3

// delegationPicks are the States and organisations an organiser may
// invite, named in the reader's language, as "Name (CODE)" (reference
// data: every reader may read it).
func delegationPicks(cat *refdata.Catalog, lang string) []pick {
	out := make([]pick, 0, len(cat.States)+len(cat.Organizations))
	for i := range cat.States {
		st := &cat.States[i]
		out = append(out, pick{Value: st.NameIn(lang) + " (" + st.Code + ")", Label: st.Code})
	}
	i18n.SortByName(lang, out, func(p pick) string { return p.Value }) // the States in the reader's alphabetical order
	for _, o := range cat.Organizations {
		out = append(out, pick{Value: o.Name + " (" + o.Code + ")", Label: o.Code})
	}
	return out
}

func groupPicks(cat *refdata.Catalog) []pick {
	out := make([]pick, 0, len(cat.Groups))
	for _, g := range cat.Groups {
		out = append(out, pick{Value: g.Code, Label: g.Name})
	}
	return out
}

var codeInBrackets = regexp.MustCompile(`\(([A-Za-z0-9-]+)\)\s*$`)

// pickedCode reads a delegation picker's value back: "Croatia (HRV)", a
// bare code, or a State's or organisation's English name.
func pickedCode(cat *refdata.Catalog, s string) string {
	s = strings.TrimSpace(s)
	if m := codeInBrackets.FindStringSubmatch(s); m != nil {
		return strings.ToUpper(m[1])
	}
	if _, ok := cat.Org(s); ok {
		return strings.ToUpper(s)
	}
	for i := range cat.States {
		if strings.EqualFold(cat.States[i].Name, s) {
			return cat.States[i].Code
		}
	}
	for _, o := range cat.Organizations {
		if strings.EqualFold(o.Name, s) {
			return o.Code
		}
	}
	return s
}

// delegationLabel is a code as the picker writes it.
func delegationLabel(cat *refdata.Catalog, lang, code string) string {
	if st := cat.State(code); st != nil {
		return st.NameIn(lang) + " (" + st.Code + ")"
	}
	if o := cat.Organization(code); o != nil {
		return o.Name + " (" + o.Code + ")"
	}
	return code
}

// quotaRowsOf lists the quotas as the picker shows them: delegations
// listed on their own, and one row per group.
func (h *Handler) quotaRowsOf(r *http.Request, qs []service.QuotaView) (orgs, groups []quotaRow) {
	cat, lang := h.svc.Directory.Catalog(), h.printer(r).Lang().Code
	seen := map[string]bool{}
	for _, q := range qs {
		if q.ViaGroup != "" {
			key := q.ViaGroup + "/" + strconv.Itoa(q.Seats)
			if !seen[key] && !seen[q.ViaGroup] {
				seen[key], seen[q.ViaGroup] = true, true
				groups = append(groups, quotaRow{Org: q.ViaGroup, Seats: strconv.Itoa(q.Seats)})
			}
			continue
		}
		orgs = append(orgs, quotaRow{Org: delegationLabel(cat, lang, q.Org), Seats: strconv.Itoa(q.Seats)})
	}
	return orgs, groups
}

// quotaRowsFrom reads the picker's rows as sent.
func quotaRowsFrom(r *http.Request, name, seats string) []quotaRow {
	var out []quotaRow
	vs, ns := r.PostForm[name], r.PostForm[seats]
	for i, v := range vs {
		row := quotaRow{Org: v}
		if i < len(ns) {
			row.Seats = ns[i]
		}
		if strings.TrimSpace(row.Org) != "" || strings.TrimSpace(row.Seats) != "" {
			out = append(out, row)
		}
	}
	return out
}

// quotaInputs turns the picker's rows into the API's quota entries; a row
// with a delegation and no number, or a number that is not one, is a
// problem naming the row.
func quotaInputs(cat *refdata.Catalog, orgs, groups []quotaRow) ([]model.QuotaInput, model.Problems) {
	p := model.Problems{}
	out := []model.QuotaInput{}
	row := func(kind string, i int, r quotaRow) *int {
		n, err := strconv.Atoi(strings.TrimSpace(r.Seats))
		switch {
		case strings.TrimSpace(r.Org) == "":
			p.Add("quotas", "%s row %d: choose a %s", kind, i+1, kind)
		case err != nil:
			p.Add("quotas", "%s row %d: enter a number of seats (0 invites without a seat)", kind, i+1)
		default:
			return &n
		}
		return nil
	}
	for i, r := range orgs {
		if n := row("delegation", i, r); n != nil {
			out = append(out, model.QuotaInput{Org: pickedCode(cat, r.Org), Seats: n})
		}
	}
	for i, r := range groups {
		if n := row("group", i, r); n != nil {
			out = append(out, model.QuotaInput{Group: strings.TrimSpace(r.Org), Seats: n})
		}
	}
	return out, p
}

// fillPickers gives the manage page its pickers' rows and choices.
func (h *Handler) fillPickers(r *http.Request, p *managePage, orgs, groups []quotaRow, extra int) {
	cat := h.svc.Directory.Catalog()
	p.QuotaOrgs, p.QuotaGroups = orgs, groups
	for range blankQuotaRows + extra {
		p.QuotaOrgs = append(p.QuotaOrgs, quotaRow{})
	}
	p.QuotaGroups = append(p.QuotaGroups, quotaRow{})
	p.Delegations = delegationPicks(cat, h.printer(r).Lang().Code)
	p.GroupChoices = groupPicks(cat)
	p.FieldChoices = model.NominationFieldList
	p.Asked = map[model.NominationField]string{}
	for _, f := range p.Ev.NominationFields {
		p.Asked[f.Field] = "optional"
		if f.Required {
			p.Asked[f.Field] = "required"
		}
	}
}

// nominationFieldsFrom reads the manage page's nomination-form settings:
// one choice per field (not asked, optional, required).
func nominationFieldsFrom(r *http.Request) (model.NominationFieldsInput, model.Problems) {
	in := model.NominationFieldsInput{Fields: []model.NominationFieldSetting{}}
	p := model.Problems{}
	for _, f := range model.NominationFieldList {
		switch v := r.PostFormValue("field_" + string(f)); v {
		case "", "no":
		case "optional":
			in.Fields = append(in.Fields, model.NominationFieldSetting{Field: f})
		case "required":
			in.Fields = append(in.Fields, model.NominationFieldSetting{Field: f, Required: true})
		default:
			p.Add("field_"+string(f), "choose not asked, optional or required")
		}
	}
	return in, p
}

func (h *Handler) setNominationFields(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	in, probs := nominationFieldsFrom(r)
	v := service.ViewerFrom(r.Context())
	if len(probs) > 0 {
		if _, gerr := h.svc.Events.InputOf(r.Context(), v, id); gerr != nil {
			return gerr
		}
		return h.manageFailed(w, r, id, "fields", probs, nil)
	}
	if _, err := h.svc.Events.SetNominationFields(r.Context(), v, id, service.Given(in)); err != nil {
		return h.manageFailed(w, r, id, "fields", err, nil)
	}
	redirect(w, r, fmt.Sprintf("/events/%d/manage?done=nomination-fields-saved#nomination-fields", id), http.StatusSeeOther)
	return nil
}

// detailsFrom reads the nomination form's answers to the event's own
// questions; fields not on the form are left empty (and a field sent that
// the event does not ask for is refused by the service).
func detailsFrom(r *http.Request) *model.NominationDetails {
	yesNo := func(k string) *bool {
		switch r.PostFormValue(k) {
		case "yes":
			b := true
			return &b
		case "no":
			b := false
			return &b
		}
		return nil
	}
	d := model.NominationDetails{Title: r.PostFormValue("title"), Email: r.PostFormValue("email"), Gender: model.Gender(r.PostFormValue("gender")),
		NeedsFunding: yesNo("needs_funding"), NeedsVisa: yesNo("needs_visa"), Arrival: r.PostFormValue("arrival"), Departure: r.PostFormValue("departure")}
	if d.Empty() {
		return nil
	}
	return &d
}

// detailProblems names the form's fields for the service's details.x.
func detailProblems(p model.Problems) model.Problems {
	out := model.Problems{}
	for k, m := range p {
		out[strings.TrimPrefix(k, "details.")] = m
	}
	return out
}

// confirmNominations confirms the delegates ticked on the participants
// page in one POST: all or none.
func (h *Handler) confirmNominations(w http.ResponseWriter, r *http.Request) error {
	id, err := eventID(r, "id")
	if err != nil {
		return err
	}
	in := model.BulkConfirmInput{Items: []model.BulkConfirmItem{}}
	probs := model.Problems{}
	for i, s := range r.PostForm["pick"] {
		pid, ver, ok := strings.Cut(s, ":")
		n, err1 := strconv.ParseInt(pid, 10, 64)
		vn, err2 := strconv.ParseInt(ver, 10, 64)
		if !ok || err1 != nil || err2 != nil {
			probs.Add("bulk", "choice %d is not a delegate", i+1)
			continue
		}
		in.Items = append(in.Items, model.BulkConfirmItem{ID: n, Version: vn})
	}
	v := service.ViewerFrom(r.Context())
	if len(probs) == 0 {
		_, err = h.svc.Events.ConfirmNominations(r.Context(), v, id, service.Given(in))
	} else {
		err = probs
	}
	if err != nil {
		p, isProblem := model.AsProblems(err)
		var conflict *model.ConflictError
		if !isProblem && !asConflict(err, &conflict) {
			return err
		}
		page, perr := h.eventPage(r, id)
		if perr != nil {
			return perr
		}
		page.Awaiting = r.PostFormValue("awaiting") == "me"
		h.participantsTitle(r, page)
		status := http.StatusUnprocessableEntity
		page.Problems = model.Problems{}
		if conflict != nil {
			status = http.StatusConflict
			page.Problems.Add("bulk", "%s", h.printer(r).T("participants.bulk.conflict"))
		} else {
			for _, m := range p {
				page.Problems.Add("bulk", "%s", m)
			}
		}
		return h.render(w, r, status, "event_participants", page)
	}
	redirect(w, r, fmt.Sprintf("/events/%d/participants?done=nominations-confirmed#list", id), http.StatusSeeOther)
	return nil
}

func asConflict(err error, c **model.ConflictError) bool { return errors.As(err, c) }

// participantsTitle titles the participants page, counts the delegates
// awaiting the viewer's confirmation and, with the filter on, keeps only
// them.
func (h *Handler) participantsTitle(r *http.Request, p *eventPage) {
	p.Title = h.printer(r).T("participants.title", p.Ev.Title)
	var groups []delegationGroup
	for _, g := range p.ParticipantsBy {
		var keep []service.ParticipantView
		for _, pv := range g.Participants {
			if pv.CanConfirm {
				p.AwaitingCount++
				keep = append(keep, pv)
			}
		}
		if len(keep) > 0 {
			g.Participants = keep
			groups = append(groups, g)
		}
	}
	if p.Awaiting {
		p.ParticipantsBy = groups
	}
}

var quotaLine = regexp.MustCompile(`^(?i)(group\s+)?([A-Za-z0-9-]+)[\s:=]+(\d+)$`)

// parseQuotaLines reads the quota form: one delegation per line, "HRV 3"
// or "group SEE 3".
func parseQuotaLines(s string) ([]model.QuotaInput, model.Problems) {
	p := model.Problems{}
	out := []model.QuotaInput{}
	for i, l := range lines(s) {
		m := quotaLine.FindStringSubmatch(l)
		if m == nil {
			p.Add("quotas", "line %d (%q): write a code and a number of seats, e.g. HRV 3 or group SEE 3", i+1, l)
			continue
		}
		n, err := strconv.Atoi(m[3])
		if err != nil {
			p.Add("quotas", "line %d: the number of seats is too large", i+1)
			continue
		}
		q := model.QuotaInput{Seats: &n}
		if m[1] != "" {
			q.Group = m[2]
		} else {
			q.Org = m[2]
		}
		out = append(out, q)
	}
	return out, p
}
