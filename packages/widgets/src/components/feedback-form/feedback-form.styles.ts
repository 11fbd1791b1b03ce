import { css } from 'lit';

/** Styles of `<payam-feedback-form>`. */
export const feedbackFormStyles = css`
  .rating {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
  }
  .resolved {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
  }
  .done {
    border-color: var(--_success);
  }
`;
