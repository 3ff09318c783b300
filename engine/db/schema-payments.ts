// Tables of the payments flow (issue #7).
export {};
