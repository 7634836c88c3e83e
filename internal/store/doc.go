// Package store is napx's database layer: SQL, scanning, transactions,
// migrations and the translation of driver errors into model's sentinel
// errors. It runs the same queries on SQLite (modernc.org/sqlite, the
// default) and PostgreSQL (pgx), written in PostgreSQL's $1 placeholder
// style and rebound for SQLite.
//
// It imports model, refdata and policy; nothing above it (service, web,
// api, cli) imports a driver package.
package store
