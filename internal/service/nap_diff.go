package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"napx/internal/model"
)

// Submissions lists a plan's numbered submissions (without their frozen
// copies).
func (s *NAPs) Submissions(ctx context.Context, v model.Viewer, napID int64) ([]model.NAPSubmission, error) {
	if _, err := s.Get(ctx, v, napID); err != nil {
		return nil, err
	}
	rows, err := s.db.NAPSubmissions(ctx, napID, false)
	if err != nil {
		return nil, err
	}
	out := make([]model.NAPSubmission, len(rows))
	for i, r := range rows {
		out[i] = r.NAPSubmission
	}
	return out, nil
}

func decodeSnapshot(js string) (model.NAPSnapshot, error) {
	var snap model.NAPSnapshot
	if err := json.Unmarshal([]byte(js), &snap); err != nil {
		return snap, fmt.Errorf("service: submission snapshot: %w", err)
	}
	if snap.Plan.Sections == nil {
		snap.Plan.Sections = map[string]string{}
	}
	return snap, nil
}

// snapshotOf resolves a diff reference on plan n: "N" (submission N),
// "current" (the plan as it is now), "replaced" (the plan n replaces: its
// latest submission, or the plan as it is now when it has none) or
// "replaced:N" (submission N of the replaced plan). field names the
// parameter for problems.
func (s *NAPs) snapshotOf(ctx context.Context, v model.Viewer, n model.NAP, ref, field string) (string, model.NAPSnapshot, error) {
	ref = strings.TrimSpace(ref)
	bad := model.Problems{field: "give a submission number, current, replaced or replaced:N"}
	plan := n
	label := ""
	if r, ok := strings.CutPrefix(ref, "replaced"); ok {
		if n.Replaces == 0 {
			return "", model.NAPSnapshot{}, model.Problems{field: "this plan does not replace another plan"}
		}
		prev, err := s.Get(ctx, v, n.Replaces)
		if err != nil {
			if errors.Is(err, model.ErrNotFound) {
				return "", model.NAPSnapshot{}, model.Problems{field: "the plan this one replaces is not available to you"}
			}
			return "", model.NAPSnapshot{}, err
		}
		plan = prev.NAP
		label = fmt.Sprintf("replaced plan %d, ", plan.ID)
		switch {
		case r == "":
			subs, err := s.db.NAPSubmissions(ctx, plan.ID, true)
			if err != nil {
				return "", model.NAPSnapshot{}, err
			}
			if len(subs) == 0 {
				ref = "current"
			} else {
				ref = strconv.Itoa(subs[len(subs)-1].Number)
			}
		case strings.HasPrefix(r, ":"):
			ref = r[1:]
		default:
			return "", model.NAPSnapshot{}, bad
		}
	}
	if ref == "current" || ref == "" {
		actions, err := s.db.NAPActions(ctx, plan.ID)
		if err != nil {
			return "", model.NAPSnapshot{}, err
		}
		return label + "as it is now", model.Snapshot(plan, actions), nil
	}
	num, err := strconv.Atoi(ref)
	if err != nil || num <= 0 {
		return "", model.NAPSnapshot{}, bad
	}
	row, err := s.db.NAPSubmission(ctx, plan.ID, num)
	if err != nil {
		if errors.Is(err, model.ErrNotFound) {
			return "", model.NAPSnapshot{}, model.Problems{field: fmt.Sprintf("plan %d has no submission %d", plan.ID, num)}
		}
		return "", model.NAPSnapshot{}, err
	}
	snap, err := decodeSnapshot(row.SnapshotJSON)
	if err != nil {
		return "", model.NAPSnapshot{}, err
	}
	return fmt.Sprintf("%ssubmission %d (%s)", label, num, row.SubmittedAt.Format("2 January 2006")), snap, nil
}

// Diff compares two states of a plan: from and to are submission numbers,
// "current", "replaced" or "replaced:N". Empty from means the latest
// submission (or the replaced plan when there is none); empty to means
// current.
func (s *NAPs) Diff(ctx context.Context, v model.Viewer, napID int64, from, to string) (model.NAPDiff, error) {
	n, err := s.Get(ctx, v, napID)
	if err != nil {
		return model.NAPDiff{}, err
	}
	if from == "" {
		subs, err := s.db.NAPSubmissions(ctx, napID, false)
		if err != nil {
			return model.NAPDiff{}, err
		}
		switch {
		case len(subs) > 0:
			from = strconv.Itoa(subs[len(subs)-1].Number)
		case n.Replaces != 0:
			from = "replaced"
		default:
			return model.NAPDiff{}, model.Problems{"from": "this plan has no submission yet and replaces no plan: there is nothing to compare with"}
		}
	}
	if to == "" {
		to = "current"
	}
	fl, fs, err := s.snapshotOf(ctx, v, n.NAP, from, "from")
	if err != nil {
		return model.NAPDiff{}, err
	}
	tl, ts, err := s.snapshotOf(ctx, v, n.NAP, to, "to")
	if err != nil {
		return model.NAPDiff{}, err
	}
	return model.DiffSnapshots(fl, fs, tl, ts), nil
}
