-- Workshop logistics (issue 18, item 9): the fields an event's nomination
-- form asks for ("title:required,email,gender", see
-- model.ParseNominationFields) and each delegate's answers. Gender is
-- shown only to the organiser's staff and the nominating delegation.
ALTER TABLE events ADD COLUMN nomination_fields TEXT NOT NULL DEFAULT '';
ALTER TABLE event_participants ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE event_participants ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE event_participants ADD COLUMN gender TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'woman', 'man', 'another', 'prefer-not-to-say'));
ALTER TABLE event_participants ADD COLUMN needs_funding BOOLEAN;
ALTER TABLE event_participants ADD COLUMN needs_visa BOOLEAN;
ALTER TABLE event_participants ADD COLUMN arrival TEXT NOT NULL DEFAULT '';
ALTER TABLE event_participants ADD COLUMN departure TEXT NOT NULL DEFAULT '';
