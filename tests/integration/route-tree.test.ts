/**
 * A route file whose name continues another's (a.b.tsx and a.b.c.tsx) is nested inside it: its
 * page shows only where the parent renders an <Outlet />. A parent without one shows itself
 * instead of its child, as "Cetak surat jemputan" once showed the invitations list instead of the
 * letter. The tree is read the way Remix reads it, from the file names.
 */
import fs from "node:fs";
import path from "node:path";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { describe, expect, it } from "vitest";
import remixConfig from "../../remix.config.js";

const APP = path.resolve(import.meta.dirname, "../../app");
const routes = Object.values(flatRoutes(APP, remixConfig.ignoredRouteFiles));

describe("the route tree", () => {
  it("is read from app/routes", () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.find((r) => r.id === "routes/_app.programmes.$programmeId.invitations_.$invitationId.letter")).toMatchObject({
      parentId: "routes/_app",
      path: "programmes/:programmeId/invitations/:invitationId/letter",
    });
  });

  it("every route with routes inside it renders an <Outlet />, so each page shows its own content", () => {
    const parents = new Set(routes.map((r) => r.parentId).filter((id): id is string => Boolean(id) && id !== "root"));
    const withoutOutlet = [...parents].filter((id) => {
      const parent = routes.find((r) => r.id === id)!;
      return !/<Outlet\b/.test(fs.readFileSync(path.join(APP, parent.file), "utf8"));
    });
    const children = (id: string) => routes.filter((r) => r.parentId === id).map((r) => r.id);
    expect(withoutOutlet.map((id) => `${id} hides ${children(id).join(", ")}`)).toEqual([]);
    expect(parents.has("routes/_app")).toBe(true);
  });
});
