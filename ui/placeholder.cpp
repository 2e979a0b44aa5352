// The ui library (filled by the application issue).
