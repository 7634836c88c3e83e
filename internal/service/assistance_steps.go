package service

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/store"
)

// The procedure's steps (issue 11, item 2), each under the request's row
// lock: submit (the State's coordinator), acknowledge (the Committee, on a
// day that may be past), object (the State's coordinator, inside the
// consent window), consent (the State lifts its objection), withdraw, and
// close (the Committee; napx closes a request itself once every need has
// its outcome). Circulation and the one-year follow-up are the timers'
// (RunTimers), run by the job engine — never by a page view.

// stepFn changes the request for one step and returns the history note.
type stepFn func(tx *store.Tx, r *model.AssistanceRequest) (model.Message, error)

// step runs a step of the procedure: the request read once, locked;
// decide says who may take it; the body (none) read only then.
func (s *Assistance) step(ctx context.Context, v model.Viewer, id int64, step model.RequestStep, decide func(policy.Record) error,
	none Input[struct{}], change stepFn) (RequestView, error) {
	var out RequestView
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		cur, st, err := s.lockedRequest(ctx, tx, v, id)
		if err != nil {
			return err
		}
		if err := decide(policy.AssistanceRecord(cur)); err != nil {
			return err
		}
		if _, err := none.read(struct{}{}); err != nil {
			return err
		}
		r := cur
		to, ok := r.Status.Take(step)
		if !ok {
			return model.Problems{"status": r.Status.StepProblem(step)}
		}
		note, err := change(tx, &r)
		if err != nil {
			return err
		}
		r.Status = to
		if err := s.save(ctx, tx, v, cur, &r, string(step), note); err != nil {
			return err
		}
		out = s.view(v, r, st)
		return nil
	})
	return out, err
}

// save writes a request after a step, with its history entry and its
// audit entry, and tells who should know.
func (s *Assistance) save(ctx context.Context, tx *store.Tx, v model.Viewer, cur model.AssistanceRequest, r *model.AssistanceRequest, step string, note model.Message) error {
	r.Visibility = policy.AssistanceVisibility(r.Status, !r.CirculatedAt.IsZero(), r.Regional())
	if err := tx.UpdateAssistanceRequest(ctx, r, nil); err != nil {
		return err
	}
	insiders := step == string(model.StepObject) || step == string(model.StepSubmit) || step == string(model.StepAcknowledge)
	if err := s.history(ctx, tx, v, r.ID, 0, step, note, insiders); err != nil {
		return err
	}
	if err := s.tell(ctx, tx, v, *r, step); err != nil {
		return err
	}
	return tx.Audit(ctx, v, store.AuditRecord{Action: "assistance." + step, Kind: "assistance", RecordID: r.ID,
		Summary: fmt.Sprintf("assistance request %q: %s", r.Title, english(note)), Before: cur, After: *r})
}

// Submit sends a draft to the Committee.
func (s *Assistance) Submit(ctx context.Context, v model.Viewer, id int64, none Input[struct{}]) (RequestView, error) {
	return s.step(ctx, v, id, model.StepSubmit, func(rec policy.Record) error { return policy.MoveRequest(v, rec) }, none,
		func(tx *store.Tx, r *model.AssistanceRequest) (model.Message, error) {
			r.SubmittedAt = tx.Now()
			return model.Msg("svcmore.h.submitted"), nil
		})
}

// Acknowledge records the Committee's acknowledgement on a day (default
// today at Headquarters; a past day for a request that came by note
// verbale, not before it was submitted) and opens the consent window: five
// UN working days after that day.
func (s *Assistance) Acknowledge(ctx context.Context, v model.Viewer, id int64, input Input[model.Acknowledgement]) (RequestView, error) {
	var out RequestView
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		cur, st, err := s.lockedRequest(ctx, tx, v, id)
		if err != nil {
			return err
		}
		if err := policy.AcknowledgeRequest(v, policy.AssistanceRecord(cur)); err != nil {
			return err
		}
		in, err := input.read(model.Acknowledgement{})
		if err != nil {
			return err
		}
		day, probs := in.Validate()
		if len(probs) > 0 {
			return probs
		}
		r := cur
		to, ok := r.Status.Take(model.StepAcknowledge)
		if !ok {
			return model.Problems{"status": r.Status.StepProblem(model.StepAcknowledge)}
		}
		today := s.Today()
		if day.IsZero() {
			day = today
		}
		earliest := s.cal.DayAt(r.SubmittedAt)
		if !r.NoteVerbaleDate.IsZero() && r.NoteVerbaleDate.Before(earliest) {
			earliest = r.NoteVerbaleDate // it came on paper before it was entered
		}
		switch {
		case day.After(today):
			return model.Problems{"date": fmt.Sprintf("the acknowledgement cannot be dated after today (%s)", today.Long())}
		case day.Before(earliest):
			return model.Problems{"date": fmt.Sprintf("the acknowledgement (%s) cannot come before the request was submitted (%s)", day.Long(), earliest.Long())}
		}
		r.Status, r.Acknowledged = to, day
		r.Deadline, r.DeadlineKnown = s.cal.AddWorkingDays(day, WindowDays)
		r.WindowCloses = s.cal.EndOf(r.Deadline)
		note := model.Msg("svcmore.h.acknowledged", model.ArgDate(day), model.ArgDate(r.Deadline))
		if !r.DeadlineKnown {
			note = model.Msg("svcmore.h.acknowledged.noholidays", model.ArgDate(day), model.ArgDate(r.Deadline))
			s.log.Warn("consent window counted without holidays", "request", r.ID, "deadline", r.Deadline)
		}
		if err := s.save(ctx, tx, v, cur, &r, string(model.StepAcknowledge), note); err != nil {
			return err
		}
		out = s.view(v, r, st)
		return nil
	})
	return out, err
}

// Object records the State's objection inside the consent window: the
// request stays with the Committee and the secretariat.
func (s *Assistance) Object(ctx context.Context, v model.Viewer, id int64, none Input[struct{}]) (RequestView, error) {
	return s.step(ctx, v, id, model.StepObject, func(rec policy.Record) error { return policy.MoveRequest(v, rec) }, none,
		func(tx *store.Tx, r *model.AssistanceRequest) (model.Message, error) {
			now := tx.Now()
			if !r.WindowOpen(now) {
				return model.Message{}, model.Problems{"objection_deadline": fmt.Sprintf("the consent window closed at the end of %s (UN Headquarters): an objection is too late", r.Deadline.Long())}
			}
			r.ObjectedAt = now
			return model.Msg("svcmore.h.objected"), nil
		})
}

// Consent circulates a withheld request at the State's word.
func (s *Assistance) Consent(ctx context.Context, v model.Viewer, id int64, none Input[struct{}]) (RequestView, error) {
	return s.step(ctx, v, id, model.StepConsent, func(rec policy.Record) error { return policy.MoveRequest(v, rec) }, none,
		func(tx *store.Tx, r *model.AssistanceRequest) (model.Message, error) {
			s.circulate(tx, r)
			return model.Msg("svcmore.h.consented"), nil
		})
}

// Withdraw withdraws a request (the State's coordinator): it leaves the
// public list and stays with the requesters and the Committee.
func (s *Assistance) Withdraw(ctx context.Context, v model.Viewer, id int64, none Input[struct{}]) (RequestView, error) {
	return s.step(ctx, v, id, model.StepWithdraw, func(rec policy.Record) error { return policy.MoveRequest(v, rec) }, none,
		func(tx *store.Tx, r *model.AssistanceRequest) (model.Message, error) {
			r.ClosedAt = tx.Now()
			return model.Msg("svcmore.h.withdrawn"), nil
		})
}

// Close closes a circulated or withheld request (the Committee).
func (s *Assistance) Close(ctx context.Context, v model.Viewer, id int64, none Input[struct{}]) (RequestView, error) {
	return s.step(ctx, v, id, model.StepClose, func(rec policy.Record) error { return policy.AcknowledgeRequest(v, rec) }, none,
		func(tx *store.Tx, r *model.AssistanceRequest) (model.Message, error) {
			r.ClosedAt = tx.Now()
			return model.Msg("svcmore.h.closed"), nil
		})
}

// circulate sets what circulation sets: the time, and the follow-up a
// year later.
func (s *Assistance) circulate(tx *store.Tx, r *model.AssistanceRequest) {
	now := tx.Now()
	r.CirculatedAt = now
	r.FollowUpDue = now.AddDate(1, 0, 0)
}

// timers is the viewer the timers act as.
var timers = model.SystemViewer("assistance timers")

// TimerRun says what one run of the timers did.
type TimerRun struct {
	Circulated []int64 // requests circulated because their window closed
	FollowedUp []int64 // requests whose one-year follow-up was asked
}

// RunTimers does what the clock says is due: it circulates every
// acknowledged request whose consent window closed without an objection
// (to the providers, its summary public) and asks the State and the
// Committee, one year after circulation, whether the request was met. The
// job engine runs it (a deadline scan); a run that finds nothing due does
// nothing, and each request is decided again under its lock, so two runs
// at once act once.
func (s *Assistance) RunTimers(ctx context.Context) (TimerRun, error) {
	var run TimerRun
	now := s.now()
	due, err := s.db.DueWindows(ctx, now)
	if err != nil {
		return run, err
	}
	var errs []error
	for _, id := range due {
		done, err := s.closeWindow(ctx, id)
		if err != nil {
			errs = append(errs, fmt.Errorf("request %d: %w", id, err))
			continue
		}
		if done {
			run.Circulated = append(run.Circulated, id)
		}
	}
	follow, err := s.db.DueFollowUps(ctx, now)
	if err != nil {
		return run, errors.Join(append(errs, err)...)
	}
	for _, id := range follow {
		done, err := s.followUp(ctx, id)
		if err != nil {
			errs = append(errs, fmt.Errorf("request %d: %w", id, err))
			continue
		}
		if done {
			run.FollowedUp = append(run.FollowedUp, id)
		}
	}
	return run, errors.Join(errs...)
}

// closeWindow circulates request id if its window closed and nobody
// objected meanwhile (decided under its lock).
func (s *Assistance) closeWindow(ctx context.Context, id int64) (bool, error) {
	done := false
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		cur, err := tx.AssistanceRequestForUpdate(ctx, id)
		if err != nil {
			return err
		}
		if cur.Status != model.RequestAcknowledged || cur.WindowOpen(tx.Now()) {
			return nil // objected, withdrawn or not due after all
		}
		r := cur
		r.Status = model.RequestCirculated
		s.circulate(tx, &r)
		done = true
		return s.save(ctx, tx, timers, cur, &r, string(model.StepCirculate),
			model.Msg("svcmore.h.circulated", model.ArgDate(cur.Deadline)))
	})
	return done, err
}

// followUp asks, one year after circulation, whether request id was met.
func (s *Assistance) followUp(ctx context.Context, id int64) (bool, error) {
	done := false
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		cur, err := tx.AssistanceRequestForUpdate(ctx, id)
		if err != nil {
			return err
		}
		now := tx.Now()
		if !cur.FollowUpAt.IsZero() || cur.FollowUpDue.IsZero() || now.Before(cur.FollowUpDue) {
			return nil
		}
		r := cur
		r.FollowUpAt = now
		done = true
		open := 0
		for _, n := range r.Needs {
			if n.Open() {
				open++
			}
		}
		note := model.Msg("svcmore.h.followup", model.ArgNum(len(r.Needs)), model.ArgNum(open))
		return s.save(ctx, tx, timers, cur, &r, "follow-up", note)
	})
	return done, err
}

// WindowText describes the consent window of r for pages, in the
// request's language (ctx): "open until the end of Thursday 8 October 2026
// at UN Headquarters (…)".
func (s *Assistance) WindowText(ctx context.Context, r model.AssistanceRequest) string {
	if m := s.windowMessage(r); !m.IsZero() {
		return s.texts(ctx, []model.Message{m})[0]
	}
	return ""
}

// windowMessage is the consent window's sentence as a message: the day at
// Headquarters with its weekday, and while it is open the moment it
// closes in New York and in UTC.
func (s *Assistance) windowMessage(r model.AssistanceRequest) model.Message {
	if r.Deadline.IsZero() {
		return model.Message{}
	}
	weekday := model.ArgKey("svcassist.wd." + strconv.Itoa(int(r.Deadline.Time().Weekday())))
	if r.WindowOpen(s.now()) {
		closes := r.WindowCloses.In(s.cal.Location()).Format("15:04 MST")
		utc := r.WindowCloses.UTC()
		return model.Msg("svcassist.window.open", weekday, model.ArgDate(r.Deadline), model.ArgText(closes),
			model.ArgDate(model.DateOf(utc)), model.ArgText(utc.Format("15:04")))
	}
	return model.Msg("svcassist.window.closed", weekday, model.ArgDate(r.Deadline))
}
