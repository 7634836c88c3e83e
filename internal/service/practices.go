package service

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/refdata"
	"napx/internal/store"
)

// Practices keeps the practices library (issue 12): effective practices
// and lessons learned, their review (draft → submitted → verified →
// published, or returned with reasons), their attachments and their links
// to events, NAP actions, matrix fields and each other.
type Practices struct {
	db     *store.DB
	cat    *refdata.Catalog
	tax    *refdata.Taxonomy
	now    func() time.Time
	naps   *NAPs
	events *Events
	// notices tells the other side of each review step (issue 10's
	// contract; nil: nobody is told).
	notices *Notifications
}

func newPractices(d Deps, naps *NAPs, events *Events) *Practices {
	return &Practices{db: d.DB, cat: d.Catalog, tax: naps.Taxonomy(), now: d.Now, naps: naps, events: events}
}

// tags checks practice tags against the taxonomy and the assistance areas.
type tags struct {
	catalogCodes
	tax *refdata.Taxonomy
}

// IsTag answers a tag's canonical spelling: a matrix field ID or element
// as the taxonomy writes it, an area (OP1 … OP3d) or an assistance area.
func (t tags) IsTag(s string) (string, bool) {
	for _, a := range model.MatrixAreas {
		if strings.EqualFold(s, a) {
			return a, true
		}
	}
	for _, a := range model.AssistanceAreaTags {
		if strings.EqualFold(s, a.Code) {
			return a.Code, true
		}
	}
	for _, f := range t.tax.Fields {
		if strings.EqualFold(s, f.ID) {
			return f.ID, true
		}
		if strings.EqualFold(s, f.Element) {
			return f.Element, true
		}
	}
	return "", false
}

func (s *Practices) checker() model.TagChecker { return tags{catalogCodes{s.cat}, s.tax} }

// CanonicalTag is a tag's spelling in the vocabulary (false when it is
// none of its words): the practice form's tag picker uses it.
func (s *Practices) CanonicalTag(tag string) (string, bool) {
	return tags{catalogCodes{s.cat}, s.tax}.IsTag(tag)
}

// TagLabel names a tag in words (a field's or element's label, an area).
func (s *Practices) TagLabel(tag string) string {
	for _, a := range model.AssistanceAreaTags {
		if a.Code == tag {
			return a.Label
		}
	}
	if f, ok := s.tax.Field(tag); ok {
		return f.Label
	}
	for _, f := range s.tax.Fields {
		if f.Element == tag {
			return f.Label
		}
	}
	return ""
}

// PracticeView is a practice as one viewer sees it, with what they may do.
type PracticeView struct {
	model.Practice
	SubmitterName string
	OwnerName     string
	CanEdit       bool // the owner's editors and coordinators, while a draft
	CanSubmit     bool
	CanReview     bool // verify or return (the Committee's experts, the secretariat)
	CanVerify     bool
	CanReturn     bool
	CanPublish    bool // the owner's coordinator, once verified
}

func (s *Practices) view(v model.Viewer, p model.Practice) PracticeView {
	rec := policy.PracticeRecord(p)
	pv := PracticeView{Practice: p, SubmitterName: s.cat.OrgName(p.Submitter), OwnerName: s.cat.OrgName(p.Owner)}
	can := func(step model.PracticeStep) bool { _, msg := p.Status.Move(step); return msg == "" }
	pv.CanEdit = policy.CanWrite(v, rec) && p.Status == model.PracticeDraft
	pv.CanSubmit = pv.CanEdit && can(model.PracticeStepSubmit)
	pv.CanReview = policy.CanReviewPractice(v, rec) && policy.CanRead(v, rec)
	pv.CanVerify = pv.CanReview && can(model.PracticeStepVerify)
	pv.CanReturn = pv.CanReview && can(model.PracticeStepReturn)
	pv.CanPublish = policy.CanCoordinate(v, rec) && can(model.PracticeStepPublish)
	return pv
}

// List returns the practices v may read that match f, newest first.
func (s *Practices) List(ctx context.Context, v model.Viewer, f model.PracticeFilter) ([]PracticeView, error) {
	ps, err := s.db.Practices(ctx, v, f)
	if err != nil {
		return nil, err
	}
	out := make([]PracticeView, len(ps))
	for i, p := range ps {
		out[i] = s.view(v, p)
	}
	return out, nil
}

// Get returns one practice v may read; ErrNotFound otherwise.
func (s *Practices) Get(ctx context.Context, v model.Viewer, id int64) (PracticeView, error) {
	p, err := s.db.Practice(ctx, id)
	if err != nil {
		return PracticeView{}, err
	}
	if err := policy.Read(v, policy.PracticeRecord(p)); err != nil {
		return PracticeView{}, err
	}
	return s.view(v, p), nil
}

// GetForEdit is Get for a change: ErrForbidden when v may read but not
// change it (or it is no longer a draft).
func (s *Practices) GetForEdit(ctx context.Context, v model.Viewer, id int64) (PracticeView, error) {
	p, err := s.Get(ctx, v, id)
	if err != nil {
		return p, err
	}
	if err := policy.Write(v, policy.PracticeRecord(p.Practice)); err != nil {
		return p, err
	}
	return p, nil
}

// PracticeLink is a record a practice links to, as far as the viewer may
// read it.
type PracticeLink struct {
	ID    int64
	Title string
	URL   string
	Note  string // the plan, for an action
}

// PracticeDetails are what goes with one practice: files, review history,
// the links the viewer may read (both ways), the source event.
type PracticeDetails struct {
	Attachments []model.PracticeAttachment
	History     []model.PracticeChange
	Related     []PracticeLink // named by this practice, or naming it
	Actions     []PracticeLink
	Event       *PracticeLink
	Tags        []TagView
	// ReturnVisible: the reviewers' reasons are for the owner and the
	// reviewers.
	ReasonsVisible bool
}

// TagView is a tag with its label.
type TagView struct{ Tag, Label string }

// Details returns what goes with practice p, read for v (Get).
func (s *Practices) Details(ctx context.Context, v model.Viewer, p PracticeView) (PracticeDetails, error) {
	var d PracticeDetails
	var err error
	if d.Attachments, err = s.db.PracticeAttachments(ctx, p.ID); err != nil {
		return d, err
	}
	rec := policy.PracticeRecord(p.Practice)
	d.ReasonsVisible = policy.CanWrite(v, rec) || policy.CanReviewPractice(v, rec) || v.CommitteeLevel()
	if d.ReasonsVisible {
		if d.History, err = s.db.PracticeHistory(ctx, p.ID); err != nil {
			return d, err
		}
	}
	linking, err := s.db.PracticesLinking(ctx, v, p.ID)
	if err != nil {
		return d, err
	}
	ids := slices.Clone(p.Related)
	for _, id := range linking {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	titles, err := s.db.PracticeTitles(ctx, v, ids)
	if err != nil {
		return d, err
	}
	for _, id := range ids {
		if t, ok := titles[id]; ok {
			d.Related = append(d.Related, PracticeLink{ID: id, Title: t.Title, URL: fmt.Sprintf("/practices/%d", id), Note: t.Kind.Label()})
		}
	}
	for _, id := range p.Actions {
		a, n, err := s.naps.Action(ctx, v, id)
		if errors.Is(err, model.ErrNotFound) {
			continue
		}
		if err != nil {
			return d, err
		}
		d.Actions = append(d.Actions, PracticeLink{ID: a.ID, Title: a.Title, URL: fmt.Sprintf("/naps/%d/actions/%d", n.ID, a.ID),
			Note: fmt.Sprintf("%s: %s", s.cat.OrgName(n.State), n.Title)})
	}
	if p.SourceEvent != 0 {
		ev, err := s.events.Get(ctx, v, p.SourceEvent)
		switch {
		case err == nil:
			d.Event = &PracticeLink{ID: ev.ID, Title: ev.Title, URL: fmt.Sprintf("/events/%d", ev.ID), Note: ev.Start.Long()}
		case !errors.Is(err, model.ErrNotFound):
			return d, err
		}
	}
	for _, t := range p.Tags {
		d.Tags = append(d.Tags, TagView{Tag: t, Label: s.TagLabel(t)})
	}
	return d, nil
}

// checkLinks checks what a practice names: related practices, NAP actions
// and the source event must be records v may read.
func (s *Practices) checkLinks(ctx context.Context, v model.Viewer, p model.Practice, probs model.Problems) error {
	if len(p.Related) > 0 {
		titles, err := s.db.PracticeTitles(ctx, v, p.Related)
		if err != nil {
			return err
		}
		for _, id := range p.Related {
			if _, ok := titles[id]; !ok || id == p.ID {
				probs.Add("related", "there is no practice %d you may link to", id)
			}
		}
	}
	for _, id := range p.Actions {
		if _, _, err := s.naps.Action(ctx, v, id); errors.Is(err, model.ErrNotFound) {
			probs.Add("nap_actions", "there is no NAP action %d you may read", id)
		} else if err != nil {
			return err
		}
	}
	if p.SourceEvent != 0 {
		if _, err := s.events.Get(ctx, v, p.SourceEvent); errors.Is(err, model.ErrNotFound) {
			probs.Add("source_event", "there is no event %d you may read", p.SourceEvent)
		} else if err != nil {
			return err
		}
	}
	return nil
}

// CanCreate reports whether v may start a practice (an editor or
// coordinator of any organisation, for it).
func (s *Practices) CanCreate(v model.Viewer) bool {
	return v.IsSystem() || (v.SignedIn() && policy.CanCreate(v, v.Org()))
}

// Create starts a draft practice owned by v's organisation.
func (s *Practices) Create(ctx context.Context, v model.Viewer, input Input[model.PracticeInput]) (PracticeView, error) {
	if err := policy.Create(v, v.Org()); err != nil {
		return PracticeView{}, err
	}
	in, err := input.read(model.PracticeInput{})
	if err != nil {
		return PracticeView{}, err
	}
	ill, err := illustrative(v, in.Illustrative)
	if err != nil {
		return PracticeView{}, err
	}
	p, probs := in.Validate(s.checker())
	if err := s.checkLinks(ctx, v, p, probs); err != nil {
		return PracticeView{}, err
	}
	checkTextLanguage(probs, &in.Language, "language")
	if len(probs) > 0 {
		return PracticeView{}, probs
	}
	p.Owner, p.Status, p.Illustrative, p.Version = v.Org(), model.PracticeDraft, ill, 0
	if v.IsSystem() && p.Submitter != "" {
		p.Owner = p.Submitter
	}
	if p.Submitter == "" {
		p.Submitter = p.Owner
	}
	p.Visibility = policy.PracticeVisibility(p.Status, p.Audience)
	p.HTML, p.Text = RenderMarkdown(p.Body)
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.CreatePractice(ctx, &p); err != nil {
			if store.IsUniqueViolation(err) {
				return model.Problems{"source_lesson": "this lesson was already made into a practice"}
			}
			return err
		}
		if err := setTextLanguage(ctx, tx, v, "practice", p.ID, &in.Language, "language"); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "practice.create", Kind: "practice", RecordID: p.ID,
			Summary: fmt.Sprintf("draft %s %q started for %s", strings.ToLower(p.Kind.Label()), p.Title, p.Submitter), After: p})
	})
	if err != nil {
		return PracticeView{}, err
	}
	return s.view(v, p), nil
}

// locked reads practice id for a write: locked inside tx, ErrNotFound
// when v may not read it, whatever the input (read only after this).
func (s *Practices) locked(ctx context.Context, tx *store.Tx, v model.Viewer, id int64) (model.Practice, error) {
	p, err := tx.PracticeForUpdate(ctx, id)
	if err != nil {
		return p, err
	}
	if err := policy.Read(v, policy.PracticeRecord(p)); err != nil {
		return p, err
	}
	return p, nil
}

func (s *Practices) conflict(v model.Viewer, cur model.Practice, sent int64) error {
	return conflict(s.view(v, cur), "conflicts.practice", model.ArgNum(int(sent)), model.ArgNum(int(cur.Version)))
}

// Update changes a draft practice (its owner's editors and coordinators);
// in.Version must be the version read.
func (s *Practices) Update(ctx context.Context, v model.Viewer, id int64, input Input[model.PracticeInput]) (PracticeView, error) {
	var out model.Practice
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		cur, err := s.locked(ctx, tx, v, id)
		if err != nil {
			return err
		}
		if err := policy.Write(v, policy.PracticeRecord(cur)); err != nil {
			return err
		}
		in, err := input.read(cur.Input())
		if err != nil {
			return err
		}
		if cur.Status != model.PracticeDraft {
			return model.Problems{"status": "only a draft can be changed; ask the reviewers to return it first"}
		}
		if err := model.CheckVersion(in.Version, cur.Version); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return s.conflict(v, cur, in.Version)
			}
			return err
		}
		in.SourceLesson = cur.SourceLesson
		p, probs := in.Validate(s.checker())
		p.ID = cur.ID
		if err := s.checkLinks(ctx, v, p, probs); err != nil {
			return err
		}
		checkTextLanguage(probs, &in.Language, "language")
		if len(probs) > 0 {
			return probs
		}
		if p.Submitter == "" {
			p.Submitter = cur.Owner
		}
		p.Owner, p.Status, p.ReturnReason, p.Illustrative, p.CreatedAt = cur.Owner, cur.Status, cur.ReturnReason, cur.Illustrative, cur.CreatedAt
		p.Visibility = policy.PracticeVisibility(p.Status, p.Audience)
		p.HTML, p.Text = RenderMarkdown(p.Body)
		if err := tx.UpdatePractice(ctx, &p); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return s.conflict(v, cur, in.Version)
			}
			return err
		}
		out = p
		if err := setTextLanguage(ctx, tx, v, "practice", p.ID, &in.Language, "language"); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "practice.update", Kind: "practice", RecordID: p.ID,
			Summary: fmt.Sprintf("practice %q changed", p.Title), Before: cur, After: p})
	})
	if err != nil {
		return PracticeView{}, err
	}
	return s.view(v, out), nil
}

// Step takes a review step: submit (the owner's editors), verify and
// return (the Committee's experts and the secretariat; a return needs
// reasons), publish (the owner's coordinator). Each step is audited, kept
// in the practice's history and told to the other side.
func (s *Practices) Step(ctx context.Context, v model.Viewer, id int64, step model.PracticeStep, input Input[model.PracticeReturn]) (PracticeView, error) {
	var out model.Practice
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		cur, err := s.locked(ctx, tx, v, id)
		if err != nil {
			return err
		}
		rec := policy.PracticeRecord(cur)
		switch step {
		case model.PracticeStepSubmit:
			err = policy.SubmitPractice(v, rec)
		case model.PracticeStepVerify, model.PracticeStepReturn:
			err = policy.ReviewPractice(v, rec)
		case model.PracticeStepPublish:
			err = policy.PublishPractice(v, rec)
		default:
			return model.ErrNotFound
		}
		if err != nil {
			return err
		}
		in, err := input.read(model.PracticeReturn{})
		if err != nil {
			return err
		}
		to, msg := cur.Status.Move(step)
		if msg != "" {
			return model.Problems{"status": msg}
		}
		p := cur
		p.Status = to
		probs := model.Problems{}
		reason := model.Text(probs, "reason", in.Reason, 5000)
		switch {
		case step == model.PracticeStepReturn && reason == "":
			probs.Add("reason", "say why the practice is returned, so its authors can change it")
		case step != model.PracticeStepReturn && reason != "":
			probs.Add("reason", "only a return carries reasons")
		}
		if len(probs) > 0 {
			return probs
		}
		if step == model.PracticeStepReturn {
			p.ReturnReason = reason
		}
		p.Visibility = policy.PracticeVisibility(p.Status, p.Audience)
		if err := tx.UpdatePractice(ctx, &p); err != nil {
			return err
		}
		if err := tx.AddPracticeHistory(ctx, p.ID, &model.PracticeChange{By: v.Label(), ByOrg: v.Org(), Step: step, From: cur.Status, To: to, Reason: reason}); err != nil {
			return err
		}
		if err := s.tell(ctx, tx, p, step, v); err != nil {
			return err
		}
		out = p
		summary := fmt.Sprintf("practice %q: %s → %s", p.Title, cur.Status, to)
		if reason != "" {
			summary += ": " + reason
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "practice." + string(step), Kind: "practice", RecordID: p.ID, Summary: summary, Before: cur, After: p})
	})
	if err != nil {
		return PracticeView{}, err
	}
	return s.view(v, out), nil
}

// FromLesson makes a lesson noted at an event into a draft practice with
// one click: owned by v's organisation, of kind lesson, naming the event;
// the event keeps the link. v must read the event and write for its
// organisation; a lesson becomes one practice only (a second click shows
// the first when v may read it; created says which).
func (s *Practices) FromLesson(ctx context.Context, v model.Viewer, eventID, lessonID int64) (PracticeView, bool, error) {
	ev, err := s.events.Get(ctx, v, eventID)
	if err != nil {
		return PracticeView{}, false, err
	}
	l, err := s.db.Lesson(ctx, lessonID)
	if err != nil {
		return PracticeView{}, false, err
	}
	if l.EventID != ev.ID {
		return PracticeView{}, false, model.ErrNotFound
	}
	if !s.CanMakePractice(v, ev, l) {
		if !v.SignedIn() {
			return PracticeView{}, false, model.ErrUnauthenticated
		}
		return PracticeView{}, false, model.ErrForbidden
	}
	if err := policy.Create(v, v.Org()); err != nil {
		return PracticeView{}, false, err
	}
	if id, err := s.db.PracticeOfLesson(ctx, l.ID); err != nil {
		return PracticeView{}, false, err
	} else if id != 0 {
		if p, err := s.Get(ctx, v, id); err == nil {
			return p, false, nil
		}
		return PracticeView{}, false, model.Problems{"lesson": "this lesson was already made into a practice by another organisation"}
	}
	in := model.PracticeInput{Kind: string(model.PracticeLesson), Title: l.Title, Body: l.Body, Submitter: l.Org, SourceEvent: ev.ID,
		Date: ev.End.String(), Audience: string(model.VisPublic), SourceLesson: l.ID, Illustrative: l.Illustrative && v.IsSystem()}
	if in.Submitter == "" {
		in.Submitter = v.Org()
	}
	p, err := s.Create(ctx, v, Given(in))
	return p, err == nil, err
}

// CanMakePractice reports whether v may make lesson l of event ev into a
// draft practice (FromLesson): the organiser's editors and coordinators,
// or those of the organisation whose experience the lesson is.
func (s *Practices) CanMakePractice(v model.Viewer, ev EventView, l model.Lesson) bool {
	return (ev.CanOrganise || (l.Org != "" && l.Org == v.Org())) && s.CanCreate(v)
}

// ForEvent lists the practices v may read that came out of an event.
func (s *Practices) ForEvent(ctx context.Context, v model.Viewer, eventID int64) ([]PracticeView, error) {
	return s.List(ctx, v, model.PracticeFilter{Event: eventID})
}

// LessonPractices maps each lesson of an event that became a practice v
// may read to that practice's ID.
func (s *Practices) LessonPractices(ctx context.Context, v model.Viewer, eventID int64) (map[int64]int64, error) {
	ps, err := s.ForEvent(ctx, v, eventID)
	if err != nil {
		return nil, err
	}
	out := map[int64]int64{}
	for _, p := range ps {
		if p.SourceLesson != 0 {
			out[p.SourceLesson] = p.ID
		}
	}
	return out, nil
}

// fieldTags are the tags under which a matrix field's practices are
// found: the field itself and its element.
func (s *Practices) fieldTags(fieldID string) []string {
	out := []string{fieldID}
	if f, ok := s.tax.Field(fieldID); ok && f.Element != fieldID {
		out = append(out, f.Element)
	}
	return out
}

// ForFields returns, for each matrix field, the practices v may read from
// elsewhere (neither owned nor submitted by state) tagged with the field
// or its element: "practices from elsewhere for this field".
func (s *Practices) ForFields(ctx context.Context, v model.Viewer, state string, fields []string) (map[string][]PracticeView, error) {
	var all []string
	for _, f := range fields {
		all = append(all, s.fieldTags(f)...)
	}
	byTag, err := s.db.PracticesByTag(ctx, v, all, state)
	if err != nil {
		return nil, err
	}
	out := map[string][]PracticeView{}
	for _, f := range fields {
		var seen []int64
		for _, t := range s.fieldTags(f) {
			for _, p := range byTag[t] {
				if !slices.Contains(seen, p.ID) {
					seen = append(seen, p.ID)
					out[f] = append(out[f], PracticeView{Practice: p, SubmitterName: s.cat.OrgName(p.Submitter)})
				}
			}
		}
	}
	return out, nil
}

// ForAction returns the practices v may read that name a NAP action, and
// those from elsewhere that match its matrix fields.
func (s *Practices) ForAction(ctx context.Context, v model.Viewer, a model.NAPAction, state string) (named, matching []PracticeView, err error) {
	if named, err = s.List(ctx, v, model.PracticeFilter{Action: a.ID}); err != nil {
		return nil, nil, err
	}
	byField, err := s.ForFields(ctx, v, state, a.Elements)
	if err != nil {
		return nil, nil, err
	}
	var seen []int64
	for _, p := range named {
		seen = append(seen, p.ID)
	}
	for _, f := range a.Elements {
		for _, p := range byField[f] {
			if !slices.Contains(seen, p.ID) {
				seen = append(seen, p.ID)
				matching = append(matching, p)
			}
		}
	}
	return named, matching, nil
}

// Attach stores a file with a draft practice (its owner's editors).
// The file is read after the policy: a practice v may not read is 404
// whatever the body.
func (s *Practices) Attach(ctx context.Context, v model.Viewer, id int64, input Input[model.PracticeAttachmentInput]) (model.PracticeAttachment, error) {
	var a model.PracticeAttachment
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		p, err := s.locked(ctx, tx, v, id)
		if err != nil {
			return err
		}
		if err := policy.Write(v, policy.PracticeRecord(p)); err != nil {
			return err
		}
		if p.Status != model.PracticeDraft {
			return model.Problems{"file": "files are attached to a draft; ask the reviewers to return the practice first"}
		}
		have, err := tx.PracticeAttachments(ctx, p.ID)
		if err != nil {
			return err
		}
		if len(have) >= model.MaxPracticeAttachments {
			return model.Problems{"file": fmt.Sprintf("a practice has at most %d files", model.MaxPracticeAttachments)}
		}
		in, err := input.read(model.PracticeAttachmentInput{})
		if err != nil {
			return err
		}
		var probs model.Problems
		if a, probs = in.Validate(); len(probs) > 0 {
			return probs
		}
		a.PracticeID = p.ID
		if err := tx.CreateAttachment(ctx, &a); err != nil {
			return err
		}
		logged := a
		logged.Content = nil
		return tx.Audit(ctx, v, store.AuditRecord{Action: "practice.attachment.create", Kind: "practice", RecordID: p.ID,
			Summary: fmt.Sprintf("file %q (%d bytes) attached to %q", a.Filename, a.Size, p.Title), After: logged})
	})
	a.Content = nil
	return a, err
}

// Attachment returns a file of a practice v may read.
func (s *Practices) Attachment(ctx context.Context, v model.Viewer, id, attachmentID int64) (model.PracticeAttachment, error) {
	if _, err := s.Get(ctx, v, id); err != nil {
		return model.PracticeAttachment{}, err
	}
	a, err := s.db.PracticeAttachment(ctx, attachmentID)
	if err != nil {
		return a, err
	}
	if a.PracticeID != id {
		return model.PracticeAttachment{}, model.ErrNotFound
	}
	return a, nil
}

// DeleteAttachment removes a file of a draft practice.
func (s *Practices) DeleteAttachment(ctx context.Context, v model.Viewer, id, attachmentID int64) error {
	return s.db.Write(ctx, func(tx *store.Tx) error {
		p, err := s.locked(ctx, tx, v, id)
		if err != nil {
			return err
		}
		a, err := tx.PracticeAttachment(ctx, attachmentID)
		if err != nil {
			return err
		}
		if a.PracticeID != p.ID {
			return model.ErrNotFound
		}
		if err := policy.Write(v, policy.PracticeRecord(p)); err != nil {
			return err
		}
		if p.Status != model.PracticeDraft {
			return model.Problems{"file": "files are removed from a draft; ask the reviewers to return the practice first"}
		}
		if err := tx.DeleteAttachment(ctx, a.ID); err != nil {
			return err
		}
		a.Content = nil
		return tx.Audit(ctx, v, store.AuditRecord{Action: "practice.attachment.delete", Kind: "practice", RecordID: p.ID,
			Summary: fmt.Sprintf("file %q removed from %q", a.Filename, p.Title), Before: a})
	})
}
