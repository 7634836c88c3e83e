package service

import (
	"context"
	"errors"
	"fmt"
	"time"

	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/refdata"
	"napx/internal/store"
)

// Contacts keeps the States' designated 1540 points of contact.
type Contacts struct {
	db  *store.DB
	cat *refdata.Catalog
	now func() time.Time
}

// ContactView is a point of contact as one viewer may see it: the contact
// details are blanked for whoever may not read them.
type ContactView struct {
	model.PointOfContact
	DetailsHidden bool // e-mail, phone and address withheld from this viewer
	CanEdit       bool
}

func pocRecord(p model.PointOfContact) policy.Record {
	return policy.Record{Owner: p.State, Visibility: p.Visibility}
}

func (c *Contacts) view(v model.Viewer, p model.PointOfContact) ContactView {
	cv := ContactView{PointOfContact: p, CanEdit: policy.CanWrite(v, pocRecord(p))}
	if !policy.FieldVisible(v, pocRecord(p), model.ContactVisibility) {
		cv.Email, cv.Phone, cv.Address = "", "", ""
		cv.DetailsHidden = true
	}
	return cv
}

// ForState lists the points of contact of a State that v may read.
func (c *Contacts) ForState(ctx context.Context, v model.Viewer, state string) ([]ContactView, error) {
	s := c.cat.State(state)
	if s == nil {
		return nil, model.ErrNotFound
	}
	ps, err := c.db.PointsOfContact(ctx, v, s.Code)
	if err != nil {
		return nil, err
	}
	out := make([]ContactView, 0, len(ps))
	for _, p := range ps {
		out = append(out, c.view(v, p))
	}
	return out, nil
}

// Get returns one point of contact v may read, or ErrNotFound.
func (c *Contacts) Get(ctx context.Context, v model.Viewer, id int64) (ContactView, error) {
	p, err := c.db.PointOfContact(ctx, id)
	if err != nil {
		return ContactView{}, err
	}
	if err := policy.Read(v, pocRecord(p)); err != nil {
		return ContactView{}, err
	}
	return c.view(v, p), nil
}

// Create adds a point of contact for state (its editors and coordinators).
func (c *Contacts) Create(ctx context.Context, v model.Viewer, state string, in model.PointOfContactInput) (ContactView, error) {
	s := c.cat.State(state)
	if s == nil {
		return ContactView{}, model.ErrNotFound
	}
	if err := policy.Create(v, s.Code); err != nil {
		return ContactView{}, err
	}
	ill, err := illustrative(v, in.Illustrative)
	if err != nil {
		return ContactView{}, err
	}
	p, probs := in.Validate()
	c.checkFrom(s, p, probs)
	if len(probs) > 0 {
		return ContactView{}, probs
	}
	p.State, p.Illustrative = s.Code, ill
	err = c.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.CreatePointOfContact(ctx, &p); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "poc.create", Kind: "poc", RecordID: p.ID,
			Summary: fmt.Sprintf("%s point of contact %s designated for %s", p.Kind, p.Name, p.State), After: p})
	})
	if err != nil {
		return ContactView{}, err
	}
	return c.view(v, p), nil
}

// Update changes a point of contact; the version read must be sent. The
// contact is read once, inside the write, and its input only after v is
// known to see it.
func (c *Contacts) Update(ctx context.Context, v model.Viewer, id int64, input Input[model.PointOfContactInput]) (ContactView, error) {
	var p model.PointOfContact
	err := c.db.Write(ctx, func(tx *store.Tx) error {
		cur, err := tx.PointOfContact(ctx, id)
		if err != nil {
			return err
		}
		if err := policy.Write(v, pocRecord(cur)); err != nil {
			return err
		}
		in, err := input.read(model.PointOfContactInput{})
		if err != nil {
			return err
		}
		stale := func() error {
			return conflict(c.view(v, cur), "conflicts.contact", model.ArgNum(int(in.Version)), model.ArgNum(int(cur.Version)))
		}
		if err := model.CheckVersion(in.Version, cur.Version); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return stale()
			}
			return err
		}
		var probs model.Problems
		p, probs = in.Validate()
		if st := c.cat.State(cur.State); st != nil {
			c.checkFrom(st, p, probs)
		}
		if len(probs) > 0 {
			return probs
		}
		p.ID, p.State, p.Illustrative, p.CreatedAt = cur.ID, cur.State, cur.Illustrative, cur.CreatedAt
		if err := tx.UpdatePointOfContact(ctx, &p); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return stale()
			}
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "poc.update", Kind: "poc", RecordID: p.ID,
			Summary: "point of contact " + p.Name + " changed", Before: cur, After: p})
	})
	if err != nil {
		return ContactView{}, err
	}
	return c.view(v, p), nil
}

// Delete removes a point of contact (a designation entered in error; an
// ended one gets an end date instead).
func (c *Contacts) Delete(ctx context.Context, v model.Viewer, id int64) error {
	cur, err := c.db.PointOfContact(ctx, id)
	if err != nil {
		return err
	}
	if err := policy.Write(v, pocRecord(cur)); err != nil {
		return err
	}
	return c.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.DeletePointOfContact(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "poc.delete", Kind: "poc", RecordID: id,
			Summary: "point of contact " + cur.Name + " removed", Before: cur})
	})
}

// checkFrom refuses a designation that starts before the State was a
// member of the United Nations.
func (c *Contacts) checkFrom(s *refdata.State, p model.PointOfContact, probs model.Problems) {
	if f := model.MembershipFloor(s.Name, s.UNMemberSince); !f.Day.IsZero() && !p.ValidFrom.IsZero() && p.ValidFrom.Before(f.Day) {
		probs.Add("valid_from", "a designation cannot start %s: that is %s", p.ValidFrom.Long(), f.Reason)
	}
}

// CanAdd reports whether v may add a point of contact for state (its
// editors and coordinators).
func (c *Contacts) CanAdd(v model.Viewer, state string) bool { return policy.CanCreate(v, state) }
