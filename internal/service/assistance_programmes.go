package service

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/store"
)

// Providers and programmes (issue 11, item 3): States, States'
// programmes and organisations describe their programmes themselves; the
// directory is public and filterable. A draft is the provider's own.

// ProgrammeView is a programme as one viewer sees it.
type ProgrammeView struct {
	model.Programme
	ProviderName string
	// ContactVisible: the viewer reads the contact's e-mail (signed-in
	// accounts, as for a point of contact).
	ContactVisible bool
	CanEdit        bool
}

func (s *Assistance) programmeView(v model.Viewer, g model.Programme) ProgrammeView {
	out := ProgrammeView{Programme: g, ProviderName: s.cat.OrgName(g.Provider), ContactVisible: policy.ProgrammeContactVisible(v, g),
		CanEdit: g.Status != model.ProgrammeWithdrawn && policy.CanWrite(v, policy.ProgrammeRecord(g))}
	if !out.ContactVisible {
		out.ContactEmail = ""
	}
	return out
}

// CanProvide reports whether v may describe programmes for provider (its
// editors and coordinators; not the Committee, which matches).
func (s *Assistance) CanProvide(v model.Viewer, provider string) bool {
	return s.checkProvider(v, provider) == nil
}

func (s *Assistance) checkProvider(v model.Viewer, provider string) error {
	o, ok := s.cat.Org(provider)
	if !ok || !policy.CanProvide(o.Kind) {
		if v.SignedIn() {
			return model.ErrForbidden
		}
		return model.ErrUnauthenticated
	}
	return policy.Create(v, o.Code)
}

// Programme returns one programme v may read.
func (s *Assistance) Programme(ctx context.Context, v model.Viewer, id int64) (ProgrammeView, error) {
	g, err := s.db.Programme(ctx, id)
	if err != nil {
		return ProgrammeView{}, err
	}
	if err := policy.Read(v, policy.ProgrammeRecord(g)); err != nil {
		return ProgrammeView{}, err
	}
	return s.programmeView(v, g), nil
}

// Programmes is the directory: the programmes v may read that match f.
func (s *Assistance) Programmes(ctx context.Context, v model.Viewer, f model.ProgrammeFilter) ([]ProgrammeView, error) {
	p := model.Problems{}
	f.Query = model.Line(p, "q", f.Query, 200)
	f.Area, f.Modality = strings.ToUpper(strings.TrimSpace(f.Area)), strings.ToLower(strings.TrimSpace(f.Modality))
	f.Group, f.Provider = strings.ToUpper(strings.TrimSpace(f.Group)), strings.ToUpper(strings.TrimSpace(f.Provider))
	switch {
	case f.Area != "" && s.codes.Area(f.Area) == nil:
		p.Add("area", "%q is not an assistance area", model.CleanLine(f.Area, 20))
	case f.Modality != "" && s.codes.Modality(f.Modality) == nil:
		p.Add("modality", "%q is not a modality", model.CleanLine(f.Modality, 20))
	case f.Group != "" && s.cat.Group(f.Group) == nil:
		p.Add("region", "%q is not a group napx knows", model.CleanLine(f.Group, 20))
	case f.Provider != "" && !s.knownOrg(f.Provider):
		p.Add("provider", "%q is not an organisation napx knows", model.CleanLine(f.Provider, 20))
	case f.Status != "" && !f.Status.Valid():
		p.Add("status", "choose draft, open, closed or withdrawn")
	}
	if len(p) > 0 {
		return nil, p
	}
	if f.Query != "" && strings.Trim(f.Query, "%_") == "" {
		return []ProgrammeView{}, nil
	}
	gs, err := s.db.Programmes(ctx, v, f)
	if err != nil {
		return nil, err
	}
	out := make([]ProgrammeView, len(gs))
	for i, g := range gs {
		out[i] = s.programmeView(v, g)
	}
	return out, nil
}

func (s *Assistance) knownOrg(code string) bool { _, ok := s.cat.Org(code); return ok }

// CreateProgramme describes a new programme of provider (a draft unless
// the input opens it).
func (s *Assistance) CreateProgramme(ctx context.Context, v model.Viewer, provider string, in model.ProgrammeInput) (ProgrammeView, error) {
	provider = strings.ToUpper(strings.TrimSpace(provider))
	if msg := model.LineProblem(provider, 20); msg != "" || !s.knownOrg(provider) {
		return ProgrammeView{}, model.Problems{"provider": fmt.Sprintf("%q is not an organisation napx knows", model.CleanLine(provider, 20))}
	}
	if err := s.checkProvider(v, provider); err != nil {
		return ProgrammeView{}, err
	}
	mark, err := illustrative(v, in.Illustrative)
	if err != nil {
		return ProgrammeView{}, err
	}
	g, probs := in.Apply(model.Programme{Provider: provider}, true, codeSet{s})
	if len(probs) > 0 {
		return ProgrammeView{}, probs
	}
	g.Illustrative = mark
	g.Visibility = policy.ProgrammeVisibility(g.Status)
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.CreateProgramme(ctx, &g); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "programme.create", Kind: "programme", RecordID: g.ID,
			Summary: fmt.Sprintf("programme %q of %s described (%s)", g.Title, g.Provider, g.Status), After: g})
	})
	if err != nil {
		return ProgrammeView{}, err
	}
	return s.programmeView(v, g), nil
}

// UpdateProgramme changes a programme (its provider's editors and
// coordinators; send the version read). Withdrawing it keeps the matches
// made; no new match can name it.
func (s *Assistance) UpdateProgramme(ctx context.Context, v model.Viewer, id int64, input Input[model.ProgrammeInput]) (ProgrammeView, error) {
	var out ProgrammeView
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		cur, err := tx.ProgrammeForUpdate(ctx, id)
		if err != nil {
			return err
		}
		rec := policy.ProgrammeRecord(cur)
		if err := policy.Read(v, rec); err != nil {
			return err
		}
		if err := policy.Write(v, rec); err != nil {
			return err
		}
		in, err := input.read(model.ProgrammeInput{})
		if err != nil {
			return err
		}
		if cur.Status == model.ProgrammeWithdrawn {
			return model.Problems{"status": "the programme was withdrawn and no longer changes"}
		}
		if err := model.CheckVersion(in.Version, cur.Version); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return s.programmeConflict(v, cur, in.Version)
			}
			return err
		}
		g, probs := in.Apply(cur, false, codeSet{s})
		if len(probs) > 0 {
			return probs
		}
		g.Visibility = policy.ProgrammeVisibility(g.Status)
		if err := tx.UpdateProgramme(ctx, &g); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return s.programmeConflict(v, cur, in.Version)
			}
			return err
		}
		out = s.programmeView(v, g)
		summary := fmt.Sprintf("programme %q changed", g.Title)
		if g.Status != cur.Status {
			summary = fmt.Sprintf("programme %q: %s → %s", g.Title, cur.Status, g.Status)
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "programme.update", Kind: "programme", RecordID: g.ID, Summary: summary, Before: cur, After: g})
	})
	return out, err
}

func (s *Assistance) programmeConflict(v model.Viewer, cur model.Programme, sent int64) error {
	return conflict(s.programmeView(v, cur), "conflicts.programme", model.ArgNum(int(sent)), model.ArgNum(int(cur.Version)))
}
