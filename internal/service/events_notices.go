package service

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/riverqueue/river"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/store"
)

// What events notify, and whom (issue 10, item 3). Each notice is sent by
// the change's own transaction (Notifications.Send) or by a daily scan
// (Notifications.SendOnce, once per key); the recipients named here are
// those who MAY be told, and the policy decides, for each of them, again
// when the mail goes.

// titleArg is a record's title as a notice's argument (the catalogue's
// message puts the quotation marks of its language around it).
func titleArg(title string) model.MsgArg { return model.ArgText(model.Truncate(title, 120)) }

// daysBetween counts the calendar days from a to b.
func daysBetween(a, b model.Date) int {
	return int(math.Round(b.Time().Sub(a.Time()).Hours() / 24))
}

func eventRef(e model.Event) model.RecordRef {
	return model.RecordRef{Kind: "event", ID: strconv.FormatInt(e.ID, 10)}
}

func participantRef(p model.Participant) model.RecordRef {
	return model.RecordRef{Kind: "event-participant", ID: strconv.FormatInt(p.ID, 10)}
}

func coordinators(org string) []model.OrgRecipients {
	return []model.OrgRecipients{{Org: org, Role: model.RoleCoordinator}}
}

// invitation tells a delegation's coordinators that the event invited it,
// with the event's calendar invitation in each e-mail.
func (s *Events) invitation(e model.Event, org string, seats int) model.Notice {
	return model.Notice{Kind: model.NoticeEventInvitation, Record: eventRef(e),
		Msg: model.Msg("svcnotices.event.invitation", model.ArgNum(seats), model.ArgOrg(org), titleArg(e.Title),
			model.ArgDate(e.Start), model.ArgDate(e.Deadline())),
		URL:        fmt.Sprintf("/events/%d", e.ID),
		BodyMsg:    model.Msg("svcnotices.event.invitation.body", model.ArgOrg(e.Organizer), model.ArgDate(e.Deadline())),
		To:         model.Recipients{Orgs: coordinators(org)},
		Invitation: e.ID}
}

// nominated tells the organiser's editors and coordinators of a
// nomination, and — when it went to the waiting list — the delegation's
// other coordinators.
func (s *Events) nominated(e model.Event, p model.Participant, by model.Viewer) []model.Notice {
	where := "svcnotices.event.nominated"
	if p.Status == model.StatusWaitlisted {
		where = "svcnotices.event.waitlisted"
	}
	url := fmt.Sprintf("/events/%d/participants", e.ID)
	out := []model.Notice{{Kind: model.NoticeEventNomination, Record: participantRef(p),
		Msg: model.Msg(where, model.ArgOrg(p.Org), model.ArgText(p.Name), titleArg(e.Title)), URL: url,
		To: model.Recipients{Orgs: []model.OrgRecipients{{Org: e.Organizer, Role: model.RoleEditor}}, Except: []int64{by.ID()}}}}
	if p.Status == model.StatusWaitlisted {
		out = append(out, model.Notice{Kind: model.NoticeEventNomination, Record: participantRef(p),
			Msg: model.Msg("svcnotices.event.waitlisted.own", model.ArgText(p.Name), titleArg(e.Title)), URL: url,
			To: model.Recipients{Orgs: coordinators(p.Org), Except: []int64{by.ID()}}})
	}
	return out
}

// participantChanged tells the other side of a change to a delegate: the
// delegation's coordinators when the organiser confirmed or declined, the
// organiser when the delegation substituted or withdrew.
func (s *Events) participantChanged(e model.Event, p model.Participant, before model.ParticipantStatus, step policy.NominationStep, by model.Viewer) (model.Notice, bool) {
	n := model.Notice{Kind: model.NoticeEventNomination, Record: participantRef(p), URL: fmt.Sprintf("/events/%d/participants", e.ID)}
	delegation := model.Recipients{Orgs: coordinators(p.Org), Except: []int64{by.ID()}}
	organiser := model.Recipients{Orgs: []model.OrgRecipients{{Org: e.Organizer, Role: model.RoleEditor}}, Except: []int64{by.ID()}}
	switch {
	case step == policy.StepConfirm:
		n.Msg, n.To = model.Msg("svcnotices.event.confirmed", model.ArgText(p.Name), titleArg(e.Title)), delegation
	case step == policy.StepDecline:
		n.Msg, n.To = model.Msg("svcnotices.event.declined", model.ArgText(p.Name), titleArg(e.Title)), delegation
	case step == policy.StepSubstitute:
		n.Msg, n.To = model.Msg("svcnotices.event.substitute", model.ArgOrg(p.Org), model.ArgText(p.Name), titleArg(e.Title)), organiser
	case step == policy.StepWithdraw && before != model.StatusWithdrawn:
		n.Msg, n.To = model.Msg("svcnotices.event.withdrew", model.ArgOrg(p.Org), model.ArgText(p.Name), titleArg(e.Title)), organiser
	default:
		return n, false
	}
	return n, true
}

// promoted tells the delegation's coordinators that a delegate moved from
// the waiting list to a seat.
func (s *Events) promoted(e model.Event, p model.Participant) model.Notice {
	return model.Notice{Kind: model.NoticeEventWaitlistPromote, Record: participantRef(p),
		Msg: model.Msg("svcnotices.event.promoted", model.ArgText(p.Name), titleArg(e.Title)),
		URL: fmt.Sprintf("/events/%d/participants", e.ID), To: model.Recipients{Orgs: coordinators(p.Org)}}
}

// materialReleased tells those a released material is for: the invited
// delegations' and the partners' coordinators and the event's followers;
// the material's audience (policy.MaterialVisible, through its record)
// decides which of them are told.
func (s *Events) materialReleased(ctx context.Context, c *store.Conn, e model.Event, m model.Material) (model.Notice, error) {
	quotas, err := c.Quotas(ctx, e.ID)
	if err != nil {
		return model.Notice{}, err
	}
	var orgs []model.OrgRecipients
	for _, q := range quotas {
		orgs = append(orgs, coordinators(q.Org)...)
	}
	for _, p := range e.Partners {
		orgs = append(orgs, coordinators(p.Org)...)
	}
	return model.Notice{Kind: model.NoticeEventMaterial, Record: model.RecordRef{Kind: "event-material", ID: strconv.FormatInt(m.ID, 10)},
		Msg: model.Msg("svcnotices.event.material", model.ArgKey("events.mat."+string(m.Kind)), titleArg(e.Title), titleArg(m.Title)),
		URL: fmt.Sprintf("/events/%d#materials", e.ID),
		To:  model.Recipients{Orgs: orgs, Followers: []model.FollowTarget{{Kind: model.FollowEvent, Target: strconv.FormatInt(e.ID, 10)}}}}, nil
}

// announceMaterial sends the material's notice with its change when it is
// out at once, else schedules the release job for its release time.
func (s *Events) announceMaterial(ctx context.Context, tx *store.Tx, e model.Event, m model.Material) error {
	if s.notify == nil {
		return nil
	}
	if m.Released(s.now()) {
		n, err := s.materialReleased(ctx, &tx.Conn, e, m)
		if err != nil {
			return err
		}
		return s.notify.Send(ctx, tx, n)
	}
	return s.notify.jobs.insert(ctx, tx, river.InsertManyParams{Args: materialReleaseArgs{Material: m.ID},
		InsertOpts: &river.InsertOpts{ScheduledAt: m.ReleaseAt}})
}

// materialReleaseArgs is a material's release, run at its release time.
type materialReleaseArgs struct {
	Material int64 `json:"material"`
}

func (materialReleaseArgs) Kind() string { return "event.material-release" }

type materialReleaseWorker struct {
	river.WorkerDefaults[materialReleaseArgs]
	s *Events
}

// Work tells of the material once it is out (by the services' clock; a
// job that runs early waits again), once (the key names the material).
func (w *materialReleaseWorker) Work(ctx context.Context, job *river.Job[materialReleaseArgs]) error {
	s := w.s
	m, err := s.db.Material(ctx, job.Args.Material)
	if errors.Is(err, model.ErrNotFound) {
		return nil // removed before its release
	}
	if err != nil {
		return err
	}
	if now := s.now(); !m.Released(now) {
		return river.JobSnooze(m.ReleaseAt.Sub(now))
	}
	e, err := s.db.Event(ctx, m.EventID)
	if err != nil {
		return err
	}
	n, err := s.materialReleased(ctx, &s.db.Conn, e, m)
	if err != nil {
		return err
	}
	return s.notify.SendOnce(ctx, n, "event.material:"+strconv.FormatInt(m.ID, 10))
}

// scanNominationDeadlines tells the coordinators of delegations with
// unused seats that nominations close in seven days, and again the day
// before: once per event and threshold, whatever day the scan runs.
func (s *Events) scanNominationDeadlines(ctx context.Context, day model.Date) error {
	evs, err := s.db.EventsClosingNominations(ctx, day, day.AddDays(7))
	if err != nil {
		return err
	}
	for _, e := range evs {
		left := daysBetween(day, e.Deadline())
		threshold := 7
		if left <= 1 {
			threshold = 1
		}
		quotas, err := s.db.Quotas(ctx, e.ID)
		if err != nil {
			return err
		}
		held, err := s.db.SeatsHeld(ctx, e.ID)
		if err != nil {
			return err
		}
		var orgs []model.OrgRecipients
		for _, q := range quotas {
			if q.Seats > held[q.Org] {
				orgs = append(orgs, coordinators(q.Org)...)
			}
		}
		if len(orgs) == 0 {
			continue
		}
		msg := model.Msg("svcnotices.event.deadline.days", model.ArgNum(left), titleArg(e.Title), model.ArgDate(e.Deadline()))
		switch left {
		case 0:
			msg = model.Msg("svcnotices.event.deadline.today", titleArg(e.Title), model.ArgDate(e.Deadline()))
		case 1:
			msg = model.Msg("svcnotices.event.deadline.tomorrow", titleArg(e.Title), model.ArgDate(e.Deadline()))
		}
		n := model.Notice{Kind: model.NoticeEventDeadline, Record: eventRef(e), Msg: msg,
			URL: fmt.Sprintf("/events/%d", e.ID), To: model.Recipients{Orgs: orgs}}
		if err := s.notify.SendOnce(ctx, n, fmt.Sprintf("event.deadline:%d:%s:%d", e.ID, e.Deadline(), threshold)); err != nil {
			return err
		}
	}
	return nil
}

// FollowUpNotice is how far ahead a follow-up action's owner is reminded.
const FollowUpNotice = 14

// scanFollowUps tells a follow-up action's owner (its editors and
// coordinators) fourteen days before it is due, and once it is overdue:
// once per action, due day and threshold.
func (s *Events) scanFollowUps(ctx context.Context, day model.Date) error {
	fs, err := s.db.FollowUpsDueBy(ctx, day.AddDays(FollowUpNotice))
	if err != nil {
		return err
	}
	events := map[int64]model.Event{}
	for _, f := range fs {
		e, ok := events[f.EventID]
		if !ok {
			if e, err = s.db.Event(ctx, f.EventID); err != nil {
				return err
			}
			events[f.EventID] = e
		}
		stage, msg := "soon", model.Msg("svcnotices.followup.soon", titleArg(f.Title), titleArg(e.Title), model.ArgDate(f.Due))
		if f.Due.Before(day) {
			stage, msg = "overdue", model.Msg("svcnotices.followup.overdue", titleArg(f.Title), titleArg(e.Title), model.ArgDate(f.Due))
		}
		n := model.Notice{Kind: model.NoticeFollowUpDue, Record: eventRef(e), Msg: msg, URL: fmt.Sprintf("/events/%d#followups", e.ID),
			To: model.Recipients{Orgs: []model.OrgRecipients{{Org: f.Owner, Role: model.RoleEditor}}}}
		if err := s.notify.SendOnce(ctx, n, fmt.Sprintf("followup.due:%d:%s:%s", f.ID, f.Due, stage)); err != nil {
			return err
		}
	}
	return nil
}

// registerEventRecords tells notifications how to find an event's
// delegates and materials, each with its own rule of the policy.
func (s *Events) registerEventRecords(n *Notifications) {
	standing := func(ctx context.Context, e model.Event, v model.Viewer) (policy.Standing, error) {
		return s.standing(ctx, &s.db.Conn, e, v.Org(), v.ID())
	}
	n.RegisterRecord("event-participant", func(ctx context.Context, id string) (RecordInfo, error) {
		p, err := s.db.Participant(ctx, parseRecordID(id))
		if err != nil {
			return RecordInfo{}, err
		}
		e, err := s.db.Event(ctx, p.EventID)
		if err != nil {
			return RecordInfo{}, err
		}
		rec, err := s.record(ctx, &s.db.Conn, e)
		if err != nil {
			return RecordInfo{}, err
		}
		return RecordInfo{Record: rec, Title: p.Name + " (" + e.Title + ")", URL: fmt.Sprintf("/events/%d/participants", e.ID),
			Visible: func(ctx context.Context, v model.Viewer) (bool, error) {
				st, err := standing(ctx, e, v)
				return err == nil && policy.ParticipantVisible(v, rec, p.Org, p.Status, st), err
			}}, nil
	})
	n.RegisterRecord("event-material", func(ctx context.Context, id string) (RecordInfo, error) {
		m, err := s.db.Material(ctx, parseRecordID(id))
		if err != nil {
			return RecordInfo{}, err
		}
		e, err := s.db.Event(ctx, m.EventID)
		if err != nil {
			return RecordInfo{}, err
		}
		rec, err := s.record(ctx, &s.db.Conn, e)
		if err != nil {
			return RecordInfo{}, err
		}
		return RecordInfo{Record: rec, Title: m.Title + " (" + e.Title + ")", URL: fmt.Sprintf("/events/%d#materials", e.ID),
			Visible: func(ctx context.Context, v model.Viewer) (bool, error) {
				st, err := standing(ctx, e, v)
				return err == nil && policy.MaterialVisible(v, rec, m.Audience, m.Released(s.now()), st), err
			}}, nil
	})
}

// InvitationICS is an event as a calendar invitation for one person
// (iTIP, RFC 5546): METHOD:REQUEST, the event's all-day span with the
// UID of napx's feeds, SEQUENCE following the event's version, the
// organiser (through napx's sender address) as ORGANIZER and to as
// ATTENDEE, so that mail programs offer to add it to the calendar.
func (s *Events) InvitationICS(e model.Event, organizerAddr string, to model.Account, base string) []byte {
	w := &icalWriter{}
	w.line("BEGIN", "VCALENDAR")
	w.line("VERSION", "2.0")
	w.text("PRODID", "-//napx//1540 implementation exchange//EN")
	w.line("CALSCALE", "GREGORIAN")
	w.line("METHOD", "REQUEST")
	w.line("BEGIN", "VEVENT")
	w.text("UID", fmt.Sprintf("event-%d@napx", e.ID))
	w.line("DTSTAMP", icalUTC(s.now()))
	w.line("SEQUENCE", strconv.FormatInt(max(e.Version-1, 0), 10))
	w.line("LAST-MODIFIED", icalUTC(e.UpdatedAt))
	w.line("DTSTART;VALUE=DATE", icalDate(e.Start))
	w.line("DTEND;VALUE=DATE", icalDate(e.End.AddDays(1)))
	summary := e.Title
	if e.Code != "" {
		summary += " (" + e.Code + ")"
	}
	w.text("SUMMARY", summary)
	if loc := eventPlace(e); loc != "" {
		w.text("LOCATION", loc)
	}
	w.text("DESCRIPTION", eventDescription(e, s.cat.OrgName))
	w.line("ORGANIZER;CN="+paramValue(s.cat.OrgName(e.Organizer)), "mailto:"+organizerAddr)
	attendee := to.Name
	if attendee == "" {
		attendee = to.Email
	}
	w.line("ATTENDEE;CN="+paramValue(attendee)+";CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE", "mailto:"+to.Email)
	w.line("STATUS", "CONFIRMED")
	w.line("TRANSP", "TRANSPARENT")
	if base != "" {
		w.line("URL", fmt.Sprintf("%s/events/%d", strings.TrimRight(base, "/"), e.ID))
	}
	w.line("END", "VEVENT")
	w.line("END", "VCALENDAR")
	return w.b.Bytes()
}

// paramValue quotes a parameter value (RFC 5545 §3.2): DQUOTE around it,
// DQUOTE and control characters left out.
func paramValue(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '"' || r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return `"` + strings.ToValidUTF8(s, "\uFFFD") + `"`
}

// invitationFor is Notifications.invitation for events: the invitation
// of event id for one recipient, built when the mail is sent.
func (s *Events) invitationFor(mail *Mailer) func(ctx context.Context, id int64, to model.Account) (model.Attachment, error) {
	return func(ctx context.Context, id int64, to model.Account) (model.Attachment, error) {
		e, err := s.db.Event(ctx, id)
		if err != nil {
			return model.Attachment{}, err
		}
		return model.Attachment{Name: "invitation.ics", ContentType: "text/calendar; method=REQUEST; charset=UTF-8",
			Data: s.InvitationICS(e, mail.FromAddress(), to, mail.baseURL)}, nil
	}
}
