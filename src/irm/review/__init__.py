"""A draft action plan reviewed against everything the IRM has rated: estimates,
milestones, similar commitments elsewhere, the commitments it continues, and the
plan's profile (:func:`review_draft`); written as one self-contained HTML file,
JSON or Markdown (:func:`render_review`)."""

from irm.review.draft import DraftReview, ProfileRow, review_draft
from irm.review.render import REVIEW_FORMATS, render_review, review_dict

__all__ = ["DraftReview", "ProfileRow", "review_draft", "render_review",
           "review_dict", "REVIEW_FORMATS"]
