// Tables of the outreach flow (issue #7).
export {};
