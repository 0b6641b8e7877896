// Replaced by the Generic Host entry point in the ingest work.
return 0;
