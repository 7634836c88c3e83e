package service

import (
	"testing"
	"time"

	"napx/internal/model"
)

// TestProgressSeries on a fixed case: action 1 created in January,
// half done in March, completed in May; action 2 created in February and
// cancelled in April. Each month counts every action as it stood at the
// month's end; cancelled actions are out of the share.
func TestProgressSeries(t *testing.T) {
	at := func(m time.Month, d int) time.Time { return time.Date(2024, m, d, 12, 0, 0, 0, time.UTC) }
	hist := []model.ActionChange{
		{ActionID: 1, At: at(1, 10), Status: model.ActionPlanned},
		{ActionID: 1, At: at(3, 31), Status: model.ActionInProgress, Progress: 50},
		{ActionID: 1, At: at(5, 2), Status: model.ActionCompleted, Progress: 100},
		{ActionID: 2, At: at(2, 1), Status: model.ActionPlanned},
		{ActionID: 2, At: at(4, 15), Status: model.ActionCancelled},
	}
	got := progressSeries(hist, at(6, 30))
	want := []ProgressPoint{
		{"2024-01", 1, 1, 0, 0}, {"2024-02", 2, 2, 0, 0}, {"2024-03", 2, 2, 0, 25},
		{"2024-04", 2, 1, 0, 50}, {"2024-05", 2, 1, 1, 100}, {"2024-06", 2, 1, 1, 100},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("month %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if s := progressSeries(nil, at(6, 30)); len(s) != 0 {
		t.Errorf("no history gives %+v", s)
	}
	// A history of thirty years is cut to the last maxProgressMonths.
	long := progressSeries([]model.ActionChange{{ActionID: 1, At: time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), Status: model.ActionCompleted}}, at(6, 30))
	if len(long) != maxProgressMonths || long[len(long)-1].Month != "2024-06" || long[0].Percent != 100 {
		t.Errorf("long history: %d months, last %+v", len(long), long[len(long)-1])
	}
}
