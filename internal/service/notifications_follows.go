package service

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/store"
)

// An account's deliveries and what it follows (issue 10).

// Setting is one kind's delivery for an account.
type Setting struct {
	model.NoticeKindInfo
	Delivery model.Delivery
}

// Settings returns the viewer's delivery for every kind.
func (s *Notifications) Settings(ctx context.Context, v model.Viewer) ([]Setting, error) {
	if !v.SignedIn() {
		return nil, model.ErrUnauthenticated
	}
	chosen, err := s.db.NotificationSettings(ctx, v.ID())
	if err != nil {
		return nil, err
	}
	out := make([]Setting, len(model.NoticeKinds))
	for i, k := range model.NoticeKinds {
		out[i] = Setting{NoticeKindInfo: k, Delivery: deliveryOf(k.Kind, chosen[k.Kind])}
	}
	return out, nil
}

// SetSettings changes the viewer's deliveries for the kinds given (the
// others stay). Security notices cannot be turned off or delayed.
func (s *Notifications) SetSettings(ctx context.Context, v model.Viewer, input Input[model.NotificationSettingsInput]) ([]Setting, error) {
	if !v.SignedIn() {
		return nil, model.ErrUnauthenticated
	}
	in, err := input.read(model.NotificationSettingsInput{})
	if err != nil {
		return nil, err
	}
	set, p := in.Validate()
	if len(p) > 0 {
		return nil, p
	}
	before, err := s.Settings(ctx, v)
	if err != nil {
		return nil, err
	}
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		var changes []string
		for _, b := range before {
			d, ok := set[b.Kind]
			if !ok {
				continue
			}
			if d != b.Delivery {
				changes = append(changes, fmt.Sprintf("%s: %s", b.Kind, d))
			}
			if err := tx.SetNotificationSetting(ctx, v.ID(), b.Kind, d); err != nil {
				return err
			}
		}
		if len(changes) == 0 {
			changes = []string{"no change"}
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "notify.settings", Kind: "account", RecordID: v.ID(),
			Summary: "notification settings: " + strings.Join(changes, ", ")})
	})
	if err != nil {
		return nil, err
	}
	return s.Settings(ctx, v)
}

// followInfo checks that v may follow t and describes it: a State or a
// group of the reference data, or a plan or event v may read.
func (s *Notifications) followInfo(ctx context.Context, v model.Viewer, t model.FollowTarget) (model.Follow, error) {
	f := model.Follow{FollowTarget: t}
	switch t.Kind {
	case model.FollowState:
		st := s.cat.State(t.Target)
		if st == nil {
			return f, model.ErrNotFound
		}
		f.Target, f.Label, f.URL = st.Code, st.Name, "/states/"+st.Code
	case model.FollowGroup:
		g := s.cat.Group(t.Target)
		if g == nil {
			return f, model.ErrNotFound
		}
		f.Target, f.Label, f.URL = g.Code, g.Name, "/groups/"+g.Code
	case model.FollowNAP, model.FollowEvent:
		id, err := strconv.ParseInt(t.Target, 10, 64)
		if err != nil || id <= 0 {
			return f, model.ErrNotFound
		}
		info, err := s.resolve(ctx, model.RecordRef{Kind: string(t.Kind), ID: strconv.FormatInt(id, 10)})
		if err != nil {
			return f, err
		}
		if err := policy.Read(v, info.Record); err != nil {
			return f, err
		}
		f.Target, f.Label, f.URL = strconv.FormatInt(id, 10), info.Title, info.URL
	default:
		return f, model.Problems{"kind": "follow a state, group, nap or event"}
	}
	return f, nil
}

// Follows lists what the viewer follows (a plan or event they may no
// longer read is left out).
func (s *Notifications) Follows(ctx context.Context, v model.Viewer) ([]model.Follow, error) {
	if !v.SignedIn() {
		return nil, model.ErrUnauthenticated
	}
	fs, err := s.db.Follows(ctx, v.ID())
	if err != nil {
		return nil, err
	}
	out := []model.Follow{}
	for _, f := range fs {
		info, err := s.followInfo(ctx, v, f.FollowTarget)
		if errors.Is(err, model.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		info.CreatedAt = f.CreatedAt
		out = append(out, info)
	}
	return out, nil
}

// Follow makes the viewer follow what the input names: they are told of
// its published changes. A plan or event they may not read does not
// exist for them.
func (s *Notifications) Follow(ctx context.Context, v model.Viewer, input Input[model.FollowInput]) (model.Follow, error) {
	if !v.SignedIn() {
		return model.Follow{}, model.ErrUnauthenticated
	}
	in, err := input.read(model.FollowInput{})
	if err != nil {
		return model.Follow{}, err
	}
	t, p := in.Validate()
	if len(p) > 0 {
		return model.Follow{}, p
	}
	f, err := s.followInfo(ctx, v, t)
	if err != nil {
		return f, err
	}
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		added, err := tx.Follow(ctx, v.ID(), f.FollowTarget)
		if err != nil || !added {
			return err
		}
		f.CreatedAt = tx.Now()
		return tx.Audit(ctx, v, store.AuditRecord{Action: "follow.add", Kind: "account", RecordID: v.ID(),
			Summary: fmt.Sprintf("follows %s %s", f.Kind, f.Target)}) // no title: the entry is the account's, shown to every administrator
	})
	return f, err
}

// Unfollow stops the viewer following what the input names; ErrNotFound
// when they do not follow it.
func (s *Notifications) Unfollow(ctx context.Context, v model.Viewer, input Input[model.FollowInput]) error {
	if !v.SignedIn() {
		return model.ErrUnauthenticated
	}
	in, err := input.read(model.FollowInput{})
	if err != nil {
		return err
	}
	t, p := in.Validate()
	if len(p) > 0 {
		return p
	}
	return s.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.Unfollow(ctx, v.ID(), t); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "follow.remove", Kind: "account", RecordID: v.ID(),
			Summary: fmt.Sprintf("no longer follows %s %s", t.Kind, t.Target)})
	})
}

// Following reports whether the viewer follows t (a page's button).
func (s *Notifications) Following(ctx context.Context, v model.Viewer, t model.FollowTarget) (bool, error) {
	if !v.SignedIn() {
		return false, nil
	}
	fs, err := s.db.Follows(ctx, v.ID())
	if err != nil {
		return false, err
	}
	for _, f := range fs {
		if f.Kind == t.Kind && strings.EqualFold(f.Target, t.Target) {
			return true, nil
		}
	}
	return false, nil
}

// StateFollowers are the follow targets that mean "told about this
// State's records": the State and the groups it is in.
func (s *Notifications) StateFollowers(state string) []model.FollowTarget {
	out := []model.FollowTarget{{Kind: model.FollowState, Target: state}}
	for _, m := range s.cat.GroupsOf(state) {
		out = append(out, model.FollowTarget{Kind: model.FollowGroup, Target: m.Group.Code})
	}
	return out
}
