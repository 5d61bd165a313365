import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PrintButton } from "~/components/print-button";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";
import { formatMalaysia } from "~/modules/calendar/malaysia-time";
import { getInvitation } from "~/modules/invitations/invitations.server";
import { pageTitle } from "~/utils/meta";
// Both languages on one printout: this page brings the other catalogue to the browser too.
import "~/modules/i18n/both-catalogues";
import { translator, useT } from "~/modules/i18n/i18n";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const invitation = await getInvitation(user, params.invitationId!);
  return {
    programmeId: invitation.programmeId,
    date: formatMalaysia(new Date(), "date", "ms"),
    school: {
      name: invitation.school.name,
      address: invitation.school.address,
      postcode: invitation.school.postcode,
      town: invitation.school.town,
      state: invitation.school.state.name,
      headTeacher: invitation.school.headTeacherName,
    },
    programme: invitation.programme.title,
    proposedDates: invitation.proposedDates,
    sender: invitation.createdBy,
  };
}

/** The invitation as a letter in Bahasa Melayu, for schools without an email address. */
export default function InvitationLetterPage() {
  const { programmeId, date, school, programme, proposedDates, sender } = useLoaderData<typeof loader>();
  const t = useT();
  // The letter itself is always in Bahasa Melayu, the language of official correspondence.
  const bm = translator("ms");
  return (
    <>
      <p className="actions no-print">
        <Link to={`/programmes/${programmeId}/invitations`}>{t("invitations.title")}</Link>
        <PrintButton />
      </p>
      <article className="letter" lang="ms">
        <p className="letter__from preserve-lines">{bm("letter.from")}</p>
        <p>{bm("letter.date", { date })}</p>
        <p className="preserve-lines">
          {[
            school.headTeacher ?? bm("email.invitation.headTeacher"),
            school.name,
            school.address,
            [school.postcode, school.town].filter(Boolean).join(" "),
            school.state,
          ]
            .filter(Boolean)
            .join("\n")}
        </p>
        <p>{bm("letter.salutation")}</p>
        <h1 className="letter__subject">{bm("letter.subject", { programme: programme.toUpperCase() })}</h1>
        <p>{bm("letter.body")}</p>
        {proposedDates ? <p>{bm("email.invitation.proposed", { dates: proposedDates })}</p> : null}
        <p>{bm("letter.purpose")}</p>
        <p>{bm("letter.reply")}</p>
        <p>{bm("letter.closing")}</p>
        <p className="letter__signature preserve-lines">
          {[sender?.name ?? bm("letter.coordinator"), sender?.email].filter(Boolean).join("\n")}
        </p>
        <footer className="letter__helpline">Talian Kasih 15999 · WhatsApp 019-2615999</footer>
      </article>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "invitations.letter");

export function ErrorBoundary() {
  return <RouteError />;
}
