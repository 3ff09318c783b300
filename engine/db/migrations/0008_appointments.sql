-- Placeholder: the appointments tables (hand-written while issue #7 is built; replaced by one generated migration).
SELECT 1;
